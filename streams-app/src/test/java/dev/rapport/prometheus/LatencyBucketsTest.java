package dev.rapport.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.config.ConfigException;
import dev.rapport.config.RapportConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyBucketsTest {

    @Test
    void theSlaIsAddedAndBucketsAreSortedAndDistinct() {
        assertThat(LatencyBuckets.parse("1h, 30s,PT1M,500ms,1h", Duration.ofMinutes(7)))
                .containsExactly(
                        Duration.ofMillis(500),
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(1),
                        Duration.ofMinutes(7),
                        Duration.ofHours(1));
    }

    @Test
    void theDefaultsIncludeTheConfiguredSla() {
        MetricsSettings settings = MetricsSettings.from(RapportConfig.defaults().with(Map.of("sla", "45m")));
        assertThat(settings.latencyBuckets()).hasSize(13).contains(Duration.ofMinutes(45), Duration.ofHours(24));
        assertThat(settings.port()).isEqualTo(9464);
        assertThat(settings.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(settings.maxBrands()).isEqualTo(500);
    }

    @Test
    void aBadBucketNamesTheSetting() {
        assertThatThrownBy(() -> LatencyBuckets.parse("30s,soon", Duration.ofHours(1)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("metrics.latency-buckets")
                .hasMessageContaining("'soon'");
        assertThatThrownBy(() -> LatencyBuckets.parse("0s", Duration.ofHours(1)))
                .isInstanceOf(ConfigException.class);
    }
}
