package dev.rapport.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.topology.EngagementSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        Path file = dir.resolve("rapport.properties");
        Files.writeString(file, content);
        return file;
    }

    @Test
    void layersOverrideInOrderDefaultsFileEnvironmentFlags() throws IOException {
        Path file = file("window=2h\nsla=30m\ngrace=5m\n");
        RapportConfig config = new ConfigLoader()
                .file(file)
                .environment(Map.of("RAPPORT_SLA", "20m", "RAPPORT_GRACE", "7m", "PATH", "/usr/bin"))
                .flags(Map.of("grace", "9m"))
                .load();

        assertThat(config.duration(Setting.WINDOW)).isEqualTo(Duration.ofHours(2));
        assertThat(config.duration(Setting.SLA)).isEqualTo(Duration.ofMinutes(20));
        assertThat(config.duration(Setting.GRACE)).isEqualTo(Duration.ofMinutes(9));
        assertThat(config.get(Setting.PROCESSING_GUARANTEE)).isEqualTo("exactly_once_v2");
    }

    @Test
    void unknownSettingsAndBadValuesNameTheSettingAndWhereItCameFrom() throws IOException {
        assertThatThrownBy(() -> new ConfigLoader().flags(Map.of("windw", "1h")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'windw'")
                .hasMessageContaining("command line");
        Path file = file("window=an hour\n");
        assertThatThrownBy(() -> new ConfigLoader().file(file))
                .hasMessageContaining("'window'")
                .hasMessageContaining("config file")
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> new ConfigLoader().environment(Map.of("RAPPORT_WINDOWS", "1h")))
                .hasMessageContaining("RAPPORT_WINDOWS");
        assertThatThrownBy(() -> new ConfigLoader().flags(Map.of("sla", "0s"))).hasMessageContaining("'sla'");
        assertThatThrownBy(() -> new ConfigLoader().flags(Map.of("query.peer-timeout", "0s")))
                .hasMessageContaining("'query.peer-timeout'")
                .hasMessageContaining("must be from 100ms to 1m");
        assertThatThrownBy(() -> new ConfigLoader().flags(Map.of("query.peer-timeout", "5000")))
                .hasMessageContaining("'query.peer-timeout'")
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> new ConfigLoader().flags(Map.of("query.peer-timeout", "2m")))
                .hasMessageContaining("'query.peer-timeout'");
        assertThat(new ConfigLoader()
                        .flags(Map.of("query.peer-timeout", "750ms"))
                        .load()
                        .duration(Setting.QUERY_PEER_TIMEOUT))
                .isEqualTo(Duration.ofMillis(750));
        assertThatThrownBy(() -> new ConfigLoader().flags(Map.of("command.retry.deadline", "0s")))
                .hasMessageContaining("'command.retry.deadline'")
                .hasMessageContaining("longer than zero");
        assertThatThrownBy(() -> new ConfigLoader().flags(Map.of("command.retry.deadline", "five minutes")))
                .hasMessageContaining("'command.retry.deadline'")
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> new ConfigLoader().flags(Map.of("conversation.store", "disk")))
                .hasMessageContaining("'conversation.store'")
                .hasMessageContaining("must be rocksdb or memory");
        assertThatThrownBy(() -> new ConfigLoader().flags(Map.of("processing.guarantee", "exactly_once")))
                .hasMessageContaining("'processing.guarantee'");
        assertThatThrownBy(() -> new ConfigLoader().flags(Map.of("schema.registry.url", "localhost:8081")))
                .hasMessageContaining("'schema.registry.url'");
        assertThatThrownBy(() -> new ConfigLoader().flags(Map.of("kafka.securty.protocol", "SSL")))
                .hasMessageContaining("'kafka.securty.protocol'");
        assertThatThrownBy(() -> new ConfigLoader().file(dir.resolve("missing.properties")))
                .hasMessageContaining("missing.properties");
    }

    @Test
    void businessHoursSettingsAreCheckedAloneAndTogether() {
        assertThatThrownBy(() -> new ConfigLoader().flags(Map.of("business-hours.time-zone", "Europe/Atlantis")))
                .hasMessageContaining("'business-hours.time-zone'")
                .hasMessageContaining("not an IANA time zone");
        assertThatThrownBy(() -> new ConfigLoader().flags(Map.of("business-hours.weekly", "Mon 9-5")))
                .hasMessageContaining("'business-hours.weekly'");
        assertThatThrownBy(() -> new ConfigLoader().flags(Map.of("business-hours.holidays", "25.12.2026")))
                .hasMessageContaining("'business-hours.holidays'")
                .hasMessageContaining("not a date");
        assertThatThrownBy(() -> new ConfigLoader()
                        .flags(Map.of("business-hours.time-zone", "Europe/Berlin"))
                        .load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'business-hours.weekly'");

        RapportConfig config = new ConfigLoader()
                .flags(Map.of(
                        "business-hours.time-zone",
                        "Europe/Berlin",
                        "business-hours.weekly",
                        "Mon-Fri 08:00-18:00",
                        "business-hours.holidays",
                        "2026-12-24,2026-12-25"))
                .load();
        assertThat(EngagementSettings.from(config).defaultPolicy().businessHours())
                .hasValueSatisfying(h -> assertThat(h.holidays()).hasSize(2));
    }

    @Test
    void theResponseHorizonLiesBetweenTheSlaAndTheConversationTtl() {
        assertThatThrownBy(() -> new ConfigLoader()
                        .flags(Map.of("sla", "2h", "response.horizon", "90m"))
                        .load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("setting 'response.horizon' (90m) must be at least 'sla' (2h)");
        assertThatThrownBy(() -> new ConfigLoader().flags(Map.of("sla", "30h")).load())
                .as("the default horizon, 24h, against a longer SLA")
                .hasMessageContaining("setting 'response.horizon' (24h) must be at least 'sla' (30h)");
        assertThatThrownBy(() -> new ConfigLoader()
                        .flags(Map.of("conversation.ttl", "12h"))
                        .load())
                .hasMessageContaining("setting 'conversation.ttl' (12h) must be at least 'response.horizon' (24h)");

        // Checked once every layer is in, and a bound may be met exactly.
        RapportConfig layered = new ConfigLoader()
                .environment(Map.of("RAPPORT_RESPONSE_HORIZON", "3h"))
                .flags(Map.of("sla", "3h", "conversation.ttl", "3h"))
                .load();
        assertThat(layered.duration(Setting.RESPONSE_HORIZON)).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void theStreamsProtocolRefusesClientSettingsItWouldIgnore() {
        assertThatThrownBy(() -> new ConfigLoader()
                        .flags(Map.of(
                                "kafka.group.protocol",
                                "streams",
                                "kafka.num.standby.replicas",
                                "1",
                                "application.id",
                                "rapport-eu"))
                        .load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                        "setting 'kafka.num.standby.replicas' has no effect with 'kafka.group.protocol=streams'")
                .hasMessageContaining("--entity-name rapport-eu --add-config streams.num.standby.replicas=");
        assertThatThrownBy(() -> new ConfigLoader()
                        .environment(Map.of("RAPPORT_KAFKA_GROUP_PROTOCOL", "STREAMS"))
                        .flags(Map.of("kafka.consumer.session.timeout.ms", "10000"))
                        .load())
                .hasMessageContaining("'kafka.consumer.session.timeout.ms'")
                .hasMessageContaining("streams.session.timeout.ms");
        assertThatThrownBy(() -> new ConfigLoader()
                        .flags(Map.of("kafka.group.protocol", "streams", "kafka.group.instance.id", "rapport-1"))
                        .load())
                .hasMessageContaining("static membership");

        // The classic protocol takes them from the client, as before.
        RapportConfig classic = new ConfigLoader()
                .flags(Map.of(
                        "kafka.num.standby.replicas",
                        "1",
                        "kafka.consumer.session.timeout.ms",
                        "10000",
                        "kafka.group.instance.id",
                        "rapport-1"))
                .load();
        assertThat(classic.kafkaOverrides()).containsEntry("num.standby.replicas", "1");
        RapportConfig streams = new ConfigLoader()
                .flags(Map.of("kafka.group.protocol", "streams"))
                .load();
        assertThat(StreamsProperties.of(streams, "broker:9092").getProperty(StreamsConfig.GROUP_PROTOCOL_CONFIG))
                .isEqualTo("streams");
    }

    @Test
    void kafkaSettingsPassThroughAndOverrideTheBaseConfig() {
        RapportConfig config = new ConfigLoader()
                .environment(Map.of("RAPPORT_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"))
                .flags(Map.of("kafka.producer.linger.ms", "5", "kafka.processing.guarantee", "at_least_once"))
                .load();
        Properties props = StreamsProperties.of(config, "broker:9092");

        assertThat(props.getProperty("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(props.getProperty("producer.linger.ms")).isEqualTo("5");
        assertThat(props.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("at_least_once");
    }

    @Test
    void productionDefaultsAreInTheBaseConfig() {
        Properties props = StreamsProperties.of(RapportConfig.defaults(), "broker:9092");
        assertThat(props.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
        assertThat(props.getProperty("producer.acks")).isEqualTo("all");
        assertThat(props.get(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG))
                .isEqualTo(true);
        assertThat(props.getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("100");
    }
}
