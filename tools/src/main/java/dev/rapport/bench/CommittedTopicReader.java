package dev.rapport.bench;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every partition of a topic read on a thread of its own as a downstream subscriber reads it
 * (read_committed), each record handed over with the moment it arrived. The bench's watchers
 * time output with it, so they all see a record when a subscriber of the topic would.
 */
final class CommittedTopicReader implements AutoCloseable {
    /** Receives a record and {@code System.nanoTime()} when it arrived. */
    @FunctionalInterface
    interface Arrival {
        void accept(ConsumerRecord<String, byte[]> record, long arrivedNanos);
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions;
    private Thread thread;
    private volatile boolean running = true;

    /**
     * Assigns every partition of {@code topic} at its start, or at its end as it is now; the
     * positions are resolved here, before anything the caller sends next, so a lazy seek cannot
     * skip a record sent right after.
     */
    CommittedTopicReader(Properties clientProperties, String topic, boolean fromStart) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        if (fromStart) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        partitions.forEach(consumer::position);
    }

    List<TopicPartition> partitions() {
        return partitions;
    }

    /** Starts reading on a daemon thread named {@code threadName}; each poll waits up to {@code pollTimeout}. */
    void start(String threadName, Duration pollTimeout, Arrival arrival) {
        thread = new Thread(
                () -> {
                    while (running) {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(pollTimeout)) {
                            arrival.accept(r, System.nanoTime());
                        }
                    }
                    consumer.close();
                },
                threadName);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        running = false;
        if (thread == null) {
            consumer.close();
            return;
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
