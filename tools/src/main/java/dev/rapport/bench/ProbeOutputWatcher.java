package dev.rapport.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic of stats-keyed records ({@code <brandId>@<windowStart>}: rapport.brand-stats, or
 * the repartition topic between the two commits) as a downstream subscriber would
 * (read_committed, from where the topic ended when the watcher started) and notes when the first
 * record of each probe's brand arrived: the moment the probe's effect became visible there.
 */
final class ProbeOutputWatcher implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<Integer, Long> arrivedNanos = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    ProbeOutputWatcher(Properties clientProperties, String topic) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // Resolve the positions now, before any probe is sent: a lazy seek could skip an early probe.
        partitions.forEach(consumer::position);
        thread = new Thread(this::poll, "bench-probe-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        while (running) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                long now = System.nanoTime();
                int probe = ProbeEvents.numberOf(r.key());
                if (probe >= 0) {
                    arrivedNanos.putIfAbsent(probe, now);
                }
            }
        }
        consumer.close();
    }

    Long arrivedNanos(int probe) {
        return arrivedNanos.get(probe);
    }

    int arrived() {
        return arrivedNanos.size();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
