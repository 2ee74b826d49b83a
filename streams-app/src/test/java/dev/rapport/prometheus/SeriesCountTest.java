package dev.rapport.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.config.RapportConfig;
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
        EveryKindOfReport.feed(
                new MicrometerEngagementMetrics(registry, MetricsSettings.from(RapportConfig.defaults()), () -> NOW),
                BRANDS,
                NOW);

        Map<String, Integer> seriesByName = new TreeMap<>();
        PrometheusText.parse(registry.scrape()).samples().forEach(s -> seriesByName.merge(s.name(), 1, Integer::sum));
        StringBuilder table = new StringBuilder("| series name | series |\n|---|---:|\n");
        seriesByName.forEach((name, n) ->
                table.append("| `").append(name).append("` | ").append(n).append(" |\n"));
        int total = seriesByName.values().stream().mapToInt(Integer::intValue).sum();
        table.append("| **total** | **").append(total).append("** |\n");

        assertThat(total).isLessThan(BRANDS * 100);
        String doc = Files.readString(RepositoryFiles.ROOT.resolve("docs/observability.md"));
        assertThat(doc)
                .as("docs/observability.md must hold the measured table:%n%s", table)
                .contains(table);
    }

    @Test
    void theDocumentedUpperBoundPerBrandIsMeasured() throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        EveryKindOfReport.feedWorstCase(
                new MicrometerEngagementMetrics(registry, MetricsSettings.from(RapportConfig.defaults()), () -> NOW),
                "acme",
                NOW);

        long perBrand = PrometheusText.parse(registry.scrape()).samples().stream()
                .filter(s -> "acme".equals(s.labels().get("brand")))
                .count();
        String doc = Files.readString(RepositoryFiles.ROOT.resolve("docs/observability.md"));
        assertThat(doc).contains("The upper bound per brand is " + perBrand + " ");
    }
}
