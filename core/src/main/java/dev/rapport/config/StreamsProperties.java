package dev.rapport.config;

import dev.rapport.state.BoundedMemoryRocksDBConfig;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The one base configuration of the Kafka Streams application. Production defaults live here
 * (exactly-once v2, acks=all, explicit internal names, the {@link FailoverDefaults}); raw {@code kafka.*} settings are applied
 * last so an operator can override any of them. RocksDB memory is bounded by {@code state.memory}
 * through {@link BoundedMemoryRocksDBConfig}, which reads the budget from this config. Tests build their TopologyTestDriver from this
 * too, so they run with the production settings.
 */
public final class StreamsProperties {
    private StreamsProperties() {}

    public static Properties of(RapportConfig config, String bootstrapServers) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.get(Setting.PROCESSING_GUARANTEE));
        p.put(
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                Long.toString(config.duration(Setting.COMMIT_INTERVAL).toMillis()));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.get(Setting.STREAM_THREADS));
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.get(Setting.TOPIC_REPLICATION_FACTOR));
        if (!"-1".equals(config.get(Setting.TOPIC_MIN_INSYNC_REPLICAS))) {
            // Changelogs and the repartition topic get the same durability as Rapport's own topics.
            p.put(
                    StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
                    config.get(Setting.TOPIC_MIN_INSYNC_REPLICAS));
        }
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDBConfig.class);
        p.put(BoundedMemoryRocksDBConfig.BUDGET_CONFIG, Long.toString(config.bytes(Setting.STATE_MEMORY)));
        p.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        // Kafka Streams' default linger of 100 ms would sit on top of the commit interval in every
        // alert's latency; commits flush batches anyway, so a short linger costs little throughput.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "5");
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.putAll(FailoverDefaults.streamsProperties(config.get(Setting.PROCESSING_GUARANTEE), config.kafkaOverrides()));
        p.putAll(config.kafkaOverrides());
        return p;
    }
}
