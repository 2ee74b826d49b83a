package dev.rapport.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a whole topic, committed records only, from the beginning to its current end. Lookups that
 * fail while a broker fails over are retried, and reading gives up only after making no progress
 * for the retry deadline ({@link Retrying}).
 */
public final class TopicReader {
    private TopicReader() {}

    public static <K, V> List<ConsumerRecord<K, V>> readAll(
            Properties clientProperties, String topic, Deserializer<K> keys, Deserializer<V> values) {
        return readAll(clientProperties, topic, keys, values, Retrying.withDefaults());
    }

    public static <K, V> List<ConsumerRecord<K, V>> readAll(
            Properties clientProperties,
            String topic,
            Deserializer<K> keys,
            Deserializer<V> values,
            Retrying retrying) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(p, keys, values)) {
            List<TopicPartition> partitions = partitionsOf(consumer, topic, retrying);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends =
                    SettledEndOffsets.of(clientProperties, partitions, Duration.ofSeconds(30), retrying);
            Retrying.Stall stall = retrying.stall("the records of " + topic);
            while (behind(consumer, partitions, ends, retrying)) {
                ConsumerRecords<K, V> polled = consumer.poll(Duration.ofMillis(200));
                if (polled.isEmpty()) {
                    stall.check();
                } else {
                    stall.progressed();
                    polled.forEach(records::add);
                }
            }
        }
        return records;
    }

    /** The topic's partitions; a topic that is still unknown after the retry deadline is an error. */
    static List<TopicPartition> partitionsOf(Consumer<?, ?> consumer, String topic, Retrying retrying) {
        return retrying.call("the partitions of " + topic, () -> {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Retrying.ATTEMPT_TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new UnknownTopicOrPartitionException("topic " + topic + " does not exist");
            }
            return infos.stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
        });
    }

    private static boolean behind(
            KafkaConsumer<?, ?> consumer,
            List<TopicPartition> partitions,
            Map<TopicPartition, Long> ends,
            Retrying retrying) {
        for (TopicPartition tp : partitions) {
            long position =
                    retrying.call("the position in " + tp, () -> consumer.position(tp, Retrying.ATTEMPT_TIMEOUT));
            if (position < ends.get(tp)) {
                return true;
            }
        }
        return false;
    }
}
