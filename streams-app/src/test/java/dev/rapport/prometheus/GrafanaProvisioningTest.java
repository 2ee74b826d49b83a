package dev.rapport.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.config.RapportConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The dashboards are usable as provisioned: every panel explained, with a unit, on the provisioned data source. */
class GrafanaProvisioningTest {
    /** A selector of one of Rapport's own metrics: name, then its label matchers if any. */
    private static final Pattern RAPPORT_SELECTOR = Pattern.compile("\\b(rapport_[a-z_]+)(\\{[^}]*})?");

    private static String provisionedUid() {
        assertThat(RepositoryFiles.yaml(RepositoryFiles.DATASOURCES).path("datasources"))
                .hasSize(1);
        String uid = RepositoryFiles.provisionedDatasourceUid();
        assertThat(uid).isNotBlank();
        return uid;
    }

    @Test
    void bothDashboardsExistWithUniqueUids() {
        List<String> titles = new ArrayList<>();
        List<String> uids = new ArrayList<>();
        for (Path file : RepositoryFiles.dashboardFiles()) {
            JsonNode dashboard = RepositoryFiles.json(file);
            titles.add(dashboard.path("title").asText());
            uids.add(dashboard.path("uid").asText());
        }
        assertThat(titles).containsExactlyInAnyOrder("Rapport / Brand engagement", "Rapport / Pipeline health");
        assertThat(uids).doesNotHaveDuplicates().doesNotContain("");
    }

    @Test
    void everyPanelHasAUnitADescriptionAQueryAndTheProvisionedDatasource() {
        String uid = provisionedUid();
        for (Path file : RepositoryFiles.dashboardFiles()) {
            JsonNode dashboard = RepositoryFiles.json(file);
            for (JsonNode panel : RepositoryFiles.panels(dashboard)) {
                String name = file.getFileName() + " '" + panel.path("title").asText() + "'";
                assertThat(panel.path("description").asText())
                        .as("description of %s", name)
                        .isNotBlank();
                assertThat(panel.path("fieldConfig")
                                .path("defaults")
                                .path("unit")
                                .asText())
                        .as("unit of %s", name)
                        .isNotBlank();
                assertThat(panel.path("datasource").path("uid").asText())
                        .as("datasource of %s", name)
                        .isEqualTo(uid);
                assertThat(panel.path("targets")).as("queries of %s", name).isNotEmpty();
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("datasource").path("uid").asText())
                            .as("target datasource of %s", name)
                            .isEqualTo(uid);
                    assertThat(target.path("expr").asText())
                            .as("query of %s", name)
                            .isNotBlank();
                }
            }
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                assertThat(variable.path("datasource").path("uid").asText())
                        .as("datasource of variable %s", variable.path("name").asText())
                        .isEqualTo(uid);
            }
        }
    }

    @Test
    void everyQueryUsesOnlyVariablesTheDashboardsDefineOrGrafanaProvides() {
        // GrafanaQueries rejects unknown variables; the integration test then runs every query.
        assertThat(RepositoryFiles.dashboardExpressions())
                .hasSizeGreaterThan(25)
                .allSatisfy(e -> assertThat(e.promql()).doesNotContain("$"));
    }

    /**
     * A panel on metrics that all carry a platform label must follow the platform variable in each
     * selector; a panel mixing them with metrics that have none cannot, and must say it shows all
     * platforms; a panel on metrics without the label must not filter on it (it would be empty).
     */
    @Test
    void thePlatformVariableFiltersEveryPanelWhoseMetricsHaveThePlatformLabel() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        EveryKindOfReport.feed(
                new MicrometerEngagementMetrics(registry, MetricsSettings.from(RapportConfig.defaults()), () -> 0L),
                1,
                0L);
        List<PrometheusText.Sample> samples =
                PrometheusText.parse(registry.scrape()).samples();
        Set<String> withPlatform = samples.stream()
                .filter(s -> s.labels().containsKey("platform"))
                .map(PrometheusText.Sample::name)
                .collect(Collectors.toSet());
        assertThat(withPlatform)
                .contains(
                        "rapport_messages_total",
                        "rapport_response_latency_seconds_bucket",
                        "rapport_first_response_latency_seconds_bucket",
                        "rapport_wait_outcomes_total",
                        "rapport_waits_answered_within_sla_total",
                        "rapport_waits_answered_on_other_platform_total");

        int checked = 0;
        for (Path file : RepositoryFiles.dashboardFiles()) {
            JsonNode dashboard = RepositoryFiles.json(file);
            boolean hasPlatformVariable = false;
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                hasPlatformVariable |= variable.path("name").asText().equals("platform");
            }
            if (!hasPlatformVariable) {
                continue;
            }
            for (JsonNode panel : RepositoryFiles.panels(dashboard)) {
                String name = file.getFileName() + " '" + panel.path("title").asText() + "'";
                List<String[]> selectors = new ArrayList<>();
                for (JsonNode target : panel.path("targets")) {
                    Matcher m = RAPPORT_SELECTOR.matcher(target.path("expr").asText());
                    while (m.find()) {
                        selectors.add(new String[] {m.group(1), m.group(2) == null ? "" : m.group(2)});
                    }
                }
                long labelled = selectors.stream()
                        .filter(sel -> withPlatform.contains(sel[0]))
                        .count();
                if (labelled > 0 && labelled == selectors.size()) {
                    assertThat(selectors)
                            .as("selectors of %s", name)
                            .allSatisfy(sel -> assertThat(sel[1]).as(sel[0]).contains("platform=~\"$platform\""));
                    checked++;
                } else if (labelled > 0) {
                    assertThat(panel.path("description").asText())
                            .as("description of %s", name)
                            .containsIgnoringCase("all platforms");
                } else {
                    assertThat(selectors)
                            .as("selectors of %s", name)
                            .noneSatisfy(sel -> assertThat(sel[1]).contains("platform"));
                }
            }
        }
        assertThat(checked).as("panels filtered by platform").isGreaterThanOrEqualTo(8);
    }

    @Test
    void theDashboardProviderReadsTheFolderComposeMounts() {
        JsonNode providers = RepositoryFiles.yaml(
                        RepositoryFiles.ROOT.resolve("grafana/provisioning/dashboards/rapport.yml"))
                .path("providers");
        assertThat(providers).hasSize(1);
        assertThat(providers.get(0).path("options").path("path").asText())
                .isEqualTo(ComposeFile.GRAFANA_DASHBOARDS_MOUNT);
    }
}
