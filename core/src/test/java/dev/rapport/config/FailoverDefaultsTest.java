package dev.rapport.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** What Kafka Streams ends up using, read back through its own resolution of prefixed names. */
class FailoverDefaultsTest {
    @Test
    void theMainConsumerAndTheProducerGetTheFastFailoverSettings() {
        StreamsConfig streams = streamsConfig(RapportConfig.defaults());

        assertThat(streams.getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(1);
        Map<String, Object> consumer = streams.getMainConsumerConfigs("rapport", "rapport-1-consumer", 0);
        assertThat(consumer)
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000")
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "2000");
        assertThat(streams.getProducerConfigs("rapport-1-producer"))
                .containsEntry(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "5000");
    }

    @Test
    void anOperatorsKafkaSettingWinsWithOrWithoutAPrefix() {
        StreamsConfig unprefixed = streamsConfig(RapportConfig.defaults()
                .with(Map.of(
                        "kafka.session.timeout.ms", "45000",
                        "kafka.transaction.timeout.ms", "10000",
                        "kafka.num.standby.replicas", "0")));
        StreamsConfig prefixed = streamsConfig(RapportConfig.defaults()
                .with(Map.of(
                        "kafka.main.consumer.session.timeout.ms", "10000",
                        "kafka.producer.transaction.timeout.ms", "8000")));

        assertThat(unprefixed.getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isZero();
        assertThat(unprefixed.getMainConsumerConfigs("rapport", "c", 0))
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "45000");
        assertThat(unprefixed.getProducerConfigs("p"))
                .containsEntry(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "10000");
        assertThat(prefixed.getMainConsumerConfigs("rapport", "c", 0))
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        assertThat(prefixed.getProducerConfigs("p")).containsEntry(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "8000");
    }

    @Test
    void theStreamsProtocolLeavesTheGroupSettingsToTheBroker() {
        Properties streamsProtocol = StreamsProperties.of(
                RapportConfig.defaults().with(Map.of("kafka.group.protocol", "streams")), "broker:9092");

        assertThat(streamsProtocol)
                .doesNotContainKeys(
                        StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG,
                        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)
                .containsEntry(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), "5000");
    }

    @Test
    void atLeastOnceOpensNoTransactionSoGetsNoTransactionTimeout() {
        Properties atLeastOnce = StreamsProperties.of(
                RapportConfig.defaults().with(Map.of("processing.guarantee", "at_least_once")), "broker:9092");

        assertThat(atLeastOnce)
                .doesNotContainKey(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG))
                .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
    }

    @Test
    void aCommitIntervalAsLongAsTheTransactionTimeoutStopsStartUpNamingBoth() {
        assertThatThrownBy(() -> RapportConfig.defaults().with(Map.of("commit.interval", "5s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'commit.interval' (5000 ms) must be shorter than the transaction timeout")
                .hasMessageContaining("Rapport's default for 'kafka.producer.transaction.timeout.ms' (5000 ms)");
        assertThatThrownBy(() -> RapportConfig.defaults()
                        .with(Map.of("commit.interval", "30s", "kafka.transaction.timeout.ms", "20000")))
                .hasMessageContaining("'kafka.transaction.timeout.ms' (20000 ms)");
        assertThatThrownBy(() -> RapportConfig.defaults().with(Map.of("kafka.producer.transaction.timeout.ms", "soon")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'kafka.producer.transaction.timeout.ms' must be a number of milliseconds");

        assertThat(RapportConfig.defaults()
                        .with(Map.of("commit.interval", "30s", "kafka.producer.transaction.timeout.ms", "60000"))
                        .duration(Setting.COMMIT_INTERVAL))
                .hasSeconds(30);
        assertThat(RapportConfig.defaults()
                        .with(Map.of("commit.interval", "30s", "processing.guarantee", "at_least_once"))
                        .duration(Setting.COMMIT_INTERVAL))
                .hasSeconds(30);
    }

    private static StreamsConfig streamsConfig(RapportConfig config) {
        return new StreamsConfig(StreamsProperties.of(config, "broker:9092"));
    }
}
