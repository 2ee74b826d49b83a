package dev.rapport.demo;

import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.topology.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Follows rapport.brand-stats and rapport.alerts (committed records only) into a {@link BrandBoard}. */
final class OutputFollower implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final Topics topics;
    private final BrandBoard board;
    private final Thread thread;
    private volatile boolean running = true;

    OutputFollower(Properties clientProperties, Topics topics, BrandBoard board) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.topics = topics;
        this.board = board;
        this.thread = new Thread(this::follow, "rapport-demo-follower");
        this.thread.setDaemon(true);
    }

    OutputFollower start() {
        thread.start();
        return this;
    }

    private void follow() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.BRAND_STATS, Topics.ALERTS)) {
            consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        while (running) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                if (r.topic().equals(Topics.BRAND_STATS)) {
                    BrandWindowStats stats =
                            topics.brandStats().valueSerde().deserializer().deserialize(r.topic(), r.value());
                    board.stats(r.key(), stats);
                } else {
                    EngagementAlert alert =
                            topics.alerts().valueSerde().deserializer().deserialize(r.topic(), r.value());
                    board.alert(alert);
                }
            }
        }
        consumer.close();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
