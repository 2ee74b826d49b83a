package dev.rapport.bench;

import dev.rapport.schema.MessageEvent;
import dev.rapport.serde.ConfluentAvroSerde;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The ceiling for any consumer of the input topic on this machine: a plain consumer that reads
 * and decodes every record and does nothing else. Read committed, as Kafka Streams under
 * exactly-once reads.
 */
final class ConsumerLimit {
    private ConsumerLimit() {}

    /** Records per second of reading the whole topic from the beginning. */
    static double measure(Properties clientProperties, String topic, ConfluentAvroSerde<MessageEvent> serde) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            consumer.seekToBeginning(partitions);
            long started = System.nanoTime();
            long records = 0;
            long decodedBrands = 0;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    // Touch a decoded field so the decode cannot be optimised away.
                    decodedBrands += serde.decode(r.value()).getBrandId().length() > 0 ? 1 : 0;
                    records++;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (decodedBrands != records) {
                throw new IllegalStateException("decoded " + decodedBrands + " of " + records + " records");
            }
            return records / seconds;
        }
    }
}
