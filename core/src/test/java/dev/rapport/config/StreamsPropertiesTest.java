package dev.rapport.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.state.BoundedMemoryRocksDBConfig;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsPropertiesTest {
    @Test
    void boundsRocksDBMemoryWithTheStateMemorySetting() {
        Properties defaults = StreamsProperties.of(RapportConfig.defaults(), "broker:9092");
        Properties oneGiB = StreamsProperties.of(RapportConfig.defaults().with(Map.of("state.memory", "1GiB")), "broker:9092");

        assertThat(defaults.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(BoundedMemoryRocksDBConfig.class);
        assertThat(defaults.get(BoundedMemoryRocksDBConfig.BUDGET_CONFIG)).isEqualTo(Long.toString(128L << 20));
        assertThat(oneGiB.get(BoundedMemoryRocksDBConfig.BUDGET_CONFIG)).isEqualTo(Long.toString(1L << 30));
        // Kafka Streams accepts the setter and hands the budget to it with the app configs.
        assertThat(new StreamsConfig(oneGiB).originals()).containsEntry(BoundedMemoryRocksDBConfig.BUDGET_CONFIG, "1073741824");
    }

    @Test
    void stateMemoryTakesSizesAndPlainBytes() {
        assertThat(RapportConfig.defaults().with(Map.of("state.memory", "64MiB")).bytes(Setting.STATE_MEMORY)).isEqualTo(64L << 20);
        assertThat(RapportConfig.defaults().with(Map.of("state.memory", "512MiB")).bytes(Setting.STATE_MEMORY)).isEqualTo(512L << 20);
        assertThat(RapportConfig.defaults().with(Map.of("state.memory", "2097152")).bytes(Setting.STATE_MEMORY)).isEqualTo(2L << 20);
        assertThatThrownBy(() -> RapportConfig.defaults().with(Map.of("state.memory", "1 GB")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'state.memory'").hasMessageContaining("not a size");
        assertThatThrownBy(() -> RapportConfig.defaults().with(Map.of("state.memory", "4096")))
                .hasMessageContaining("'state.memory'").hasMessageContaining("at least 1MiB");
        assertThatThrownBy(() -> RapportConfig.defaults().with(Map.of("state.memory", "99999999999GiB")))
                .hasMessageContaining("'state.memory'").hasMessageContaining("not a size");
    }
}
