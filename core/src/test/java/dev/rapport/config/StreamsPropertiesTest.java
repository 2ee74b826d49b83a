package dev.rapport.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.state.BoundedMemoryRocksDBConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsPropertiesTest {
    @Test
    void boundsRocksDBMemoryWithTheStateMemorySetting() {
        Properties defaults = StreamsProperties.of(RapportConfig.defaults(), "broker:9092");
        Properties oneGiB =
                StreamsProperties.of(RapportConfig.defaults().with(Map.of("state.memory", "1GiB")), "broker:9092");

        assertThat(defaults.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
                .isEqualTo(BoundedMemoryRocksDBConfig.class);
        assertThat(defaults.get(BoundedMemoryRocksDBConfig.BUDGET_CONFIG)).isEqualTo(Long.toString(128L << 20));
        assertThat(oneGiB.get(BoundedMemoryRocksDBConfig.BUDGET_CONFIG)).isEqualTo(Long.toString(1L << 30));
        // Kafka Streams accepts the setter and hands the budget to it with the app configs.
        assertThat(new StreamsConfig(oneGiB).originals())
                .containsEntry(BoundedMemoryRocksDBConfig.BUDGET_CONFIG, "1073741824");
    }

    @Test
    void localStateGoesToTheUsersStateDirectoryNotTheTempDirectory() {
        Path stateDir = Path.of(StreamsProperties.of(RapportConfig.defaults(), "broker:9092")
                .getProperty(StreamsConfig.STATE_DIR_CONFIG));
        Path home = Path.of(System.getProperty("user.home"));
        String xdgState = System.getenv("XDG_STATE_HOME");
        Path expected = xdgState != null && Path.of(xdgState).isAbsolute()
                ? Path.of(xdgState, "rapport")
                : home.resolve(".local/state/rapport");

        assertThat(stateDir)
                .isEqualTo(expected)
                .satisfies(dir -> assertThat(dir.startsWith(Path.of(System.getProperty("java.io.tmpdir"))))
                        .isFalse());
        assertThat(RapportConfig.defaultStateDir(Map.of(), "/home/ops"))
                .isEqualTo(Path.of("/home/ops/.local/state/rapport"));
        assertThat(RapportConfig.defaultStateDir(Map.of("XDG_STATE_HOME", "/srv/state"), "/home/ops"))
                .isEqualTo(Path.of("/srv/state/rapport"));
        // The XDG base directory spec ignores a relative path.
        assertThat(RapportConfig.defaultStateDir(Map.of("XDG_STATE_HOME", "state"), "/home/ops"))
                .isEqualTo(Path.of("/home/ops/.local/state/rapport"));
        assertThat(StreamsProperties.of(
                                RapportConfig.defaults().with(Map.of("state.dir", "/var/lib/rapport")), "broker:9092")
                        .getProperty(StreamsConfig.STATE_DIR_CONFIG))
                .isEqualTo("/var/lib/rapport");
    }

    @Test
    void stateMemoryTakesSizesAndPlainBytes() {
        assertThat(RapportConfig.defaults()
                        .with(Map.of("state.memory", "64MiB"))
                        .bytes(Setting.STATE_MEMORY))
                .isEqualTo(64L << 20);
        assertThat(RapportConfig.defaults()
                        .with(Map.of("state.memory", "512MiB"))
                        .bytes(Setting.STATE_MEMORY))
                .isEqualTo(512L << 20);
        assertThat(RapportConfig.defaults()
                        .with(Map.of("state.memory", "2097152"))
                        .bytes(Setting.STATE_MEMORY))
                .isEqualTo(2L << 20);
        assertThatThrownBy(() -> RapportConfig.defaults().with(Map.of("state.memory", "1 GB")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'state.memory'")
                .hasMessageContaining("not a size");
        assertThatThrownBy(() -> RapportConfig.defaults().with(Map.of("state.memory", "4096")))
                .hasMessageContaining("'state.memory'")
                .hasMessageContaining("at least 1MiB");
        assertThatThrownBy(() -> RapportConfig.defaults().with(Map.of("state.memory", "99999999999GiB")))
                .hasMessageContaining("'state.memory'")
                .hasMessageContaining("not a size");
    }

    @Test
    void minInSyncReplicasGoesToInternalTopicsWhenSetAndMayNotExceedTheReplicationFactor() {
        Properties unset = StreamsProperties.of(RapportConfig.defaults(), "broker:9092");
        Properties two = StreamsProperties.of(
                RapportConfig.defaults()
                        .with(Map.of("topic.replication.factor", "3", "topic.min.insync.replicas", "2")),
                "broker:9092");

        assertThat(unset).doesNotContainKey(StreamsConfig.topicPrefix("min.insync.replicas"));
        assertThat(two).containsEntry(StreamsConfig.topicPrefix("min.insync.replicas"), "2");
        assertThatThrownBy(() -> RapportConfig.defaults()
                        .with(Map.of("topic.replication.factor", "2", "topic.min.insync.replicas", "3")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'topic.min.insync.replicas' (3) must be at most 'topic.replication.factor' (2)");
        assertThatThrownBy(() -> RapportConfig.defaults().with(Map.of("topic.min.insync.replicas", "0")))
                .hasMessageContaining("'topic.min.insync.replicas'");
    }
}
