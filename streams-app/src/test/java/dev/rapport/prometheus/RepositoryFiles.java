package dev.rapport.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The monitoring files that ship at the repository root, read as tests need them. */
final class RepositoryFiles {
    /** Tests run in the streams-app module directory. */
    static final Path ROOT = Path.of("..");

    static final Path DASHBOARDS = ROOT.resolve("grafana/dashboards");
    static final Path DATASOURCES = ROOT.resolve("grafana/provisioning/datasources/prometheus.yml");
    static final Path RULES = ROOT.resolve("prometheus/rules");
    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Concrete values for the variables the dashboards use; the brand and platform the test traffic has. */
    static final GrafanaQueries GRAFANA = new GrafanaQueries(Map.of(
            "brand",
            "acme",
            "platform",
            "twitter",
            "instance",
            ".*",
            "__rate_interval",
            "30s",
            "__interval",
            "5s",
            "__range",
            "5m"));

    private RepositoryFiles() {}

    static List<Path> dashboardFiles() {
        return list(DASHBOARDS, ".json");
    }

    static List<Path> alertRuleFiles() {
        return list(RULES, ".yml");
    }

    static JsonNode json(Path file) {
        return read(JSON, file);
    }

    static JsonNode yaml(Path file) {
        return read(YAML, file);
    }

    /** Panels at any depth (rows nest them). */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    static String provisionedDatasourceUid() {
        return yaml(DATASOURCES).path("datasources").path(0).path("uid").asText();
    }

    /** The data source uid of every panel, query and variable of every dashboard. */
    static Set<String> dashboardDatasourceUids() {
        Set<String> uids = new TreeSet<>();
        for (Path file : dashboardFiles()) {
            JsonNode dashboard = json(file);
            for (JsonNode panel : panels(dashboard)) {
                uids.add(panel.path("datasource").path("uid").asText());
                panel.path("targets")
                        .forEach(t -> uids.add(t.path("datasource").path("uid").asText()));
            }
            dashboard
                    .path("templating")
                    .path("list")
                    .forEach(v -> uids.add(v.path("datasource").path("uid").asText()));
        }
        return uids;
    }

    static List<PromQlExpression> dashboardExpressions() {
        List<PromQlExpression> expressions = new ArrayList<>();
        for (Path file : dashboardFiles()) {
            JsonNode dashboard = json(file);
            String name = file.getFileName().toString();
            for (JsonNode panel : panels(dashboard)) {
                for (JsonNode target : panel.path("targets")) {
                    expressions.add(new PromQlExpression(
                            name + " panel '" + panel.path("title").asText() + "'",
                            GRAFANA.concrete(target.path("expr").asText())));
                }
            }
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                if ("query".equals(variable.path("type").asText())) {
                    JsonNode query = variable.path("query");
                    String text = query.isObject() ? query.path("query").asText() : query.asText();
                    expressions.add(new PromQlExpression(
                            name + " variable '" + variable.path("name").asText() + "'", GRAFANA.concrete(text)));
                }
            }
        }
        return expressions;
    }

    static List<PromQlExpression> ruleExpressions() {
        List<PromQlExpression> expressions = new ArrayList<>();
        for (Path file : alertRuleFiles()) {
            for (JsonNode group : yaml(file).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    String expr = rule.path("expr").asText();
                    boolean alert = rule.has("alert");
                    expressions.add(new PromQlExpression(
                            file.getFileName() + " "
                                    + (alert
                                            ? "alert " + rule.path("alert").asText()
                                            : "record " + rule.path("record").asText()),
                            alert ? AlertConditions.withBool(expr) : expr));
                }
            }
        }
        return expressions;
    }

    static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
