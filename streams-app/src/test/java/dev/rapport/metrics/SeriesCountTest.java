package dev.rapport.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.config.RapportConfig;
import dev.rapport.schema.AlertStatus;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.Direction;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.schema.Platform;
import dev.rapport.schema.Severity;
import dev.rapport.serde.DecodeFailure;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Measures the series Rapport's own metrics cost for 100 brands with the default settings, and
 * holds docs/observability.md to the measurement.
 */
class SeriesCountTest {
    private static final int BRANDS = 100;
    private static final long NOW = Instant.parse("2026-11-23T12:00:00Z").toEpochMilli();

    @Test
    void theDocumentedSeriesCountsForAHundredBrandsAreMeasured() throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        feedEveryKindOfReport(new MicrometerEngagementMetrics(registry,
                MetricsSettings.from(RapportConfig.defaults()), () -> NOW));

        Map<String, Integer> seriesByName = new TreeMap<>();
        PrometheusText.parse(registry.scrape()).samples()
                .forEach(s -> seriesByName.merge(s.name(), 1, Integer::sum));
        StringBuilder table = new StringBuilder("| series name | series |\n|---|---:|\n");
        seriesByName.forEach((name, n) -> table.append("| `").append(name).append("` | ").append(n).append(" |\n"));
        int total = seriesByName.values().stream().mapToInt(Integer::intValue).sum();
        table.append("| **total** | **").append(total).append("** |\n");

        assertThat(total).isLessThan(BRANDS * 100);
        String doc = Files.readString(RepositoryFiles.ROOT.resolve("docs/observability.md"));
        assertThat(doc).as("docs/observability.md must hold the measured table").contains(table);
    }

    /** Each brand on two platforms both ways, with broadcasts, answers, deep threads, waits and alerts. */
    private static void feedEveryKindOfReport(MicrometerEngagementMetrics metrics) {
        for (int b = 0; b < BRANDS; b++) {
            String brand = "brand-" + b;
            for (Platform platform : new Platform[] {Platform.TWITTER, Platform.INSTAGRAM}) {
                metrics.message(brand, platform, Direction.INBOUND, false);
                metrics.message(brand, platform, Direction.OUTBOUND, true);
                metrics.responseLatency(brand, platform, 90_000);
                metrics.firstResponseLatency(brand, platform, 90_000);
            }
            metrics.negativeLatency(brand);
            for (int level = 1; level <= 12; level++) {
                metrics.depthReached(brand, level);
            }
            metrics.waitOpened("0_" + (b % 3), brand, NOW - 7_200_000, NOW - 3_600_000);
            metrics.alert(EngagementAlert.newBuilder()
                    .setAlertId("SLA_BREACH:" + brand).setType(AlertType.SLA_BREACH).setStatus(AlertStatus.FIRING)
                    .setSeverity(Severity.CRITICAL).setBrandId(brand).setConversationId(null).setEventId(null)
                    .setPlatform(Platform.TWITTER).setWindowStart(null).setWindowEnd(null)
                    .setObservedValue(3600).setThreshold(3600)
                    .setDetectedAt(Instant.ofEpochMilli(NOW)).setEmittedAt(Instant.ofEpochMilli(NOW))
                    .setMessage("waited").setLabels(Map.of()).build());
        }
        for (DecodeFailure reason : DecodeFailure.values()) {
            metrics.deadLetter(reason);
        }
    }
}
