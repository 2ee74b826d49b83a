package dev.rapport.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The alert rules and scrape config as Prometheus's own tool sees them, with the rules' unit tests. */
class PromtoolTest {
    private static final Path PROMETHEUS = RepositoryFiles.ROOT.resolve("prometheus");

    @Test
    void rulesAreValid() throws Exception {
        List<String> command = new ArrayList<>(List.of("check", "rules"));
        RepositoryFiles.alertRuleFiles().forEach(f -> command.add(f.toString()));
        assertThat(RepositoryFiles.alertRuleFiles()).isNotEmpty();
        promtool(command);
    }

    @Test
    void ruleUnitTestsPass() throws Exception {
        List<String> command = new ArrayList<>(List.of("test", "rules"));
        List<Path> tests = RepositoryFiles.list(PROMETHEUS.resolve("tests"), ".yml");
        assertThat(tests).isNotEmpty();
        tests.forEach(f -> command.add(f.toString()));
        promtool(command);
    }

    @Test
    void scrapeConfigIsValid() throws Exception {
        promtool(List.of(
                "check",
                "config",
                "--syntax-only",
                PROMETHEUS.resolve("prometheus.yml").toString()));
    }

    private static void promtool(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(PrometheusServer.executable("promtool").toString());
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("promtool finished")
                .isTrue();
        assertThat(process.exitValue())
                .as("%s%n%s", String.join(" ", command), output)
                .isZero();
    }
}
