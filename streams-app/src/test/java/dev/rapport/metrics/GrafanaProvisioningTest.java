package dev.rapport.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dashboards are usable as provisioned: every panel explained, with a unit, on the provisioned data source. */
class GrafanaProvisioningTest {

    private static String provisionedUid() {
        assertThat(RepositoryFiles.yaml(RepositoryFiles.DATASOURCES).path("datasources")).hasSize(1);
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
                assertThat(panel.path("description").asText()).as("description of %s", name).isNotBlank();
                assertThat(panel.path("fieldConfig").path("defaults").path("unit").asText()).as("unit of %s", name).isNotBlank();
                assertThat(panel.path("datasource").path("uid").asText()).as("datasource of %s", name).isEqualTo(uid);
                assertThat(panel.path("targets")).as("queries of %s", name).isNotEmpty();
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("datasource").path("uid").asText()).as("target datasource of %s", name).isEqualTo(uid);
                    assertThat(target.path("expr").asText()).as("query of %s", name).isNotBlank();
                }
            }
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                assertThat(variable.path("datasource").path("uid").asText())
                        .as("datasource of variable %s", variable.path("name").asText()).isEqualTo(uid);
            }
        }
    }

    @Test
    void everyQueryUsesOnlyVariablesTheDashboardsDefineOrGrafanaProvides() {
        // GrafanaQueries rejects unknown variables; the integration test then runs every query.
        assertThat(RepositoryFiles.dashboardExpressions()).hasSizeGreaterThan(25)
                .allSatisfy(e -> assertThat(e.promql()).doesNotContain("$"));
    }

    @Test
    void theDashboardProviderReadsTheFolderComposeMounts() {
        JsonNode providers = RepositoryFiles.yaml(RepositoryFiles.ROOT.resolve("grafana/provisioning/dashboards/rapport.yml"))
                .path("providers");
        assertThat(providers).hasSize(1);
        assertThat(providers.get(0).path("options").path("path").asText()).isEqualTo(ComposeFile.GRAFANA_DASHBOARDS_MOUNT);
    }
}
