package dev.rapport.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.config.ConfigLoader;
import dev.rapport.config.FailoverDefaults;
import dev.rapport.config.RapportConfig;
import dev.rapport.config.Setting;
import dev.rapport.topology.Topics;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docker compose cannot run here, so its file is checked against what the code and the other
 * monitoring files expect: ports, scrape target, settings, topics, mounted paths and the jar.
 */
class ComposeConsistencyTest {
    private static final Pattern TOPIC_LIKE = Pattern.compile("rapport\\.[a-z][a-z.-]*");

    private final ComposeFile compose = new ComposeFile();

    @Test
    void rapportServesMetricsOnTheDefaultPortToOtherContainers() {
        Map<String, String> env = compose.environment("rapport");
        String port = env.get(Setting.METRICS_PORT.environmentVariable());
        assertThat(port).isEqualTo(Setting.METRICS_PORT.defaultValue());
        assertThat(env).containsEntry(Setting.METRICS_BIND_ADDRESS.environmentVariable(), "0.0.0.0");
        assertThat(compose.service("rapport").path("ports").get(0).asText()).isEqualTo(port + ":" + port);
        assertThat(compose.command("rapport")).containsExactly("run");
    }

    @Test
    void prometheusScrapesTheRapportServiceOnItsMetricsPort() {
        JsonNode prometheus = RepositoryFiles.yaml(RepositoryFiles.ROOT.resolve("prometheus/prometheus.yml"));
        JsonNode job = prometheus.path("scrape_configs").get(0);
        assertThat(job.path("job_name").asText()).isEqualTo("rapport");
        assertThat(job.path("metrics_path").asText()).isEqualTo("/metrics");
        String target = job.path("static_configs").get(0).path("targets").get(0).asText();
        assertThat(target)
                .isEqualTo("rapport:" + compose.environment("rapport").get(Setting.METRICS_PORT.environmentVariable()));
        assertThat(compose.serviceNames()).contains(target.split(":")[0]);
    }

    @Test
    void rapportSettingsInTheEnvironmentAreValid() {
        for (String service : List.of("rapport", "generator")) {
            Map<String, String> rapportVariables = compose.environment(service).entrySet().stream()
                    .filter(e -> e.getKey().startsWith("RAPPORT_"))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertThat(rapportVariables).as(service).isNotEmpty();
            // The same loader the application uses: an unknown or invalid variable fails here as it would at start-up.
            RapportConfig config =
                    new ConfigLoader().environment(rapportVariables).load();
            assertThat(config.bootstrapServers()).as(service).hasValue("kafka:9092");
            assertThat(config.schemaRegistryUrl()).as(service).isEqualTo("http://schema-registry:8081");
            assertThat(compose.serviceNames()).contains("kafka", "schema-registry");
        }
    }

    @Test
    void theBrokerAbortsADeadInstancesTransactionsAsSoonAsRapportsFailoverDefaultsAssume() {
        assertThat(compose.environment("kafka"))
                .containsEntry(
                        "KAFKA_TRANSACTION_ABORT_TIMED_OUT_TRANSACTION_CLEANUP_INTERVAL_MS",
                        Long.toString(FailoverDefaults.BROKER_TRANSACTION_ABORT_CHECK.toMillis()));
    }

    @Test
    void topicsAreRapportsOwnAndCreatedOnlyByRapport() throws Exception {
        Set<String> known = topicConstants();
        List<String> mentioned = new ArrayList<>();
        for (String service : compose.serviceNames()) {
            List<String> texts = new ArrayList<>(compose.command(service));
            texts.addAll(compose.environment(service).values());
            for (String text : texts) {
                Matcher m = TOPIC_LIKE.matcher(text);
                while (m.find()) {
                    mentioned.add(m.group());
                }
            }
        }
        assertThat(mentioned).allSatisfy(topic -> assertThat(known).contains(topic));
        assertThat(compose.environment("kafka")).containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        assertThat(compose.service("generator")
                        .path("depends_on")
                        .path("rapport")
                        .path("condition")
                        .asText())
                .isEqualTo("service_healthy");
        assertThat(compose.service("rapport").path("healthcheck").path("test").toString())
                .contains("/health/ready");
    }

    @Test
    void grafanaMountsTheProvisioningAndDashboardsOfThisRepository() {
        Map<String, Path> mounts = compose.bindMounts("grafana");
        assertThat(mounts).containsOnlyKeys("/etc/grafana/provisioning", ComposeFile.GRAFANA_DASHBOARDS_MOUNT);
        mounts.values().forEach(path -> assertThat(path).isDirectory());
        assertThat(mounts.get(ComposeFile.GRAFANA_DASHBOARDS_MOUNT)).isEqualTo(RepositoryFiles.DASHBOARDS.normalize());
        assertThat(mounts.get("/etc/grafana/provisioning").resolve("datasources/prometheus.yml"))
                .isRegularFile();
        String url = RepositoryFiles.yaml(RepositoryFiles.DATASOURCES)
                .path("datasources")
                .get(0)
                .path("url")
                .asText();
        assertThat(url).isEqualTo("http://prometheus:9090");
        assertThat(compose.service("prometheus").path("ports").get(0).asText()).endsWith(":9090");
    }

    @Test
    void prometheusMountsItsConfigAndEveryRuleFileItLoads() {
        Map<String, Path> mounts = compose.bindMounts("prometheus");
        assertThat(mounts.get("/etc/prometheus/prometheus.yml")).isRegularFile();
        Path rules = mounts.get("/etc/prometheus/rules");
        assertThat(rules).isDirectory();
        assertThat(RepositoryFiles.alertRuleFiles())
                .isNotEmpty()
                .allSatisfy(f -> assertThat(f.getParent().normalize()).isEqualTo(rules));
        JsonNode prometheus = RepositoryFiles.yaml(mounts.get("/etc/prometheus/prometheus.yml"));
        assertThat(prometheus.path("rule_files").get(0).asText()).isEqualTo("/etc/prometheus/rules/*.yml");
    }

    @Test
    void theServiceImageRunsTheServiceJarAndTheGeneratorTheToolsJar() throws IOException {
        Path dockerfile = RepositoryFiles.ROOT.resolve("Dockerfile");
        assertThat(dockerfile).isRegularFile();
        List<String> lines = Files.readAllLines(dockerfile);
        assertThat(compose.service("rapport").path("build").path("target").asText())
                .isEqualTo("service");
        assertThat(compose.service("generator").path("build").path("target").asText())
                .isEqualTo("tools");
        assertThat(compose.command("generator")).first().isEqualTo("generate");
        // The service stage comes last, so a plain `docker build .` makes the production image.
        String lastFrom = lines.stream()
                .filter(l -> l.startsWith("FROM "))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(lastFrom).endsWith(" AS service");

        assertThat(jarCopiedInto(lines, "service")).endsWith("/streams-app/target/rapport-service.jar");
        assertThat(jarCopiedInto(lines, "tools")).endsWith("/tools/target/rapport.jar");
        // The build stage's jar names come from the shade plugin's finalName.
        assertThat(Files.readString(RepositoryFiles.ROOT.resolve("streams-app/pom.xml")))
                .contains("<finalName>rapport-service</finalName>");
        assertThat(Files.readString(RepositoryFiles.ROOT.resolve("tools/pom.xml")))
                .contains("<finalName>rapport</finalName>");
        assertThat(lines)
                .anySatisfy(l -> assertThat(l).startsWith("FROM maven:3.9-eclipse-temurin-17"))
                .anySatisfy(l -> assertThat(l).startsWith("FROM eclipse-temurin:17-jre"));
        // Every module the build needs is copied into the build stage.
        for (String module : List.of("schemas", "core", "streams-app", "test-kit", "tools")) {
            assertThat(lines).contains("COPY " + module + " " + module);
        }
    }

    /** The jar a stage copies from the build stage, checked to be the one its ENTRYPOINT runs. */
    private static String jarCopiedInto(List<String> lines, String stage) {
        int from = lines.indexOf(lines.stream()
                .filter(l -> l.startsWith("FROM ") && l.endsWith(" AS " + stage))
                .findFirst()
                .orElseThrow());
        List<String> body = lines.subList(from + 1, lines.size());
        int end = body.stream()
                .filter(l -> l.startsWith("FROM "))
                .findFirst()
                .map(body::indexOf)
                .orElse(body.size());
        body = body.subList(0, end);
        String[] copy = body.stream()
                .filter(l -> l.startsWith("COPY --from=build"))
                .findFirst()
                .orElseThrow()
                .split("\\s+");
        String jarInImage = copy[3];
        assertThat(body)
                .anySatisfy(l -> assertThat(l).startsWith("ENTRYPOINT").contains("\"-jar\", \"" + jarInImage + "\""));
        return copy[2];
    }

    private static Set<String> topicConstants() throws IllegalAccessException {
        Set<String> names = new TreeSet<>();
        for (var field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                names.add((String) field.get(null));
            }
        }
        assertThat(names).contains(Topics.MESSAGES, Topics.DEAD_LETTER);
        return names;
    }
}
