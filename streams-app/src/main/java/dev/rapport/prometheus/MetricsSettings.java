package dev.rapport.prometheus;

import dev.rapport.config.ConfigException;
import dev.rapport.config.RapportConfig;
import dev.rapport.config.Setting;
import java.time.Duration;
import java.util.List;

/**
 * How metrics are collected and served.
 *
 * @param latencyBuckets histogram upper bounds, sorted, the SLA among them
 * @param kafkaRefresh how often Kafka client metrics that appeared since the last look are exported
 */
public record MetricsSettings(
        String bindAddress,
        int port,
        int maxBrands,
        Duration sla,
        List<Duration> latencyBuckets,
        Duration kafkaRefresh) {

    public MetricsSettings {
        if (port < 0 || port > 65535) {
            throw new ConfigException(
                    "setting '" + Setting.METRICS_PORT.key() + "': " + port + " is not a port (1..65535)");
        }
        if (!latencyBuckets.contains(sla)) {
            throw new IllegalArgumentException(
                    "the latency buckets " + latencyBuckets + " must include the SLA " + sla);
        }
        latencyBuckets = List.copyOf(latencyBuckets);
    }

    public static MetricsSettings from(RapportConfig config) {
        Duration sla = config.duration(Setting.SLA);
        return new MetricsSettings(
                config.get(Setting.METRICS_BIND_ADDRESS),
                config.integer(Setting.METRICS_PORT),
                config.integer(Setting.METRICS_MAX_BRANDS),
                sla,
                LatencyBuckets.parse(config.get(Setting.METRICS_LATENCY_BUCKETS), sla),
                config.duration(Setting.METRICS_KAFKA_REFRESH));
    }
}
