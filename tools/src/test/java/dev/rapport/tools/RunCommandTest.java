package dev.rapport.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.cli.FailureHandler;
import org.junit.jupiter.api.Test;

/**
 * `run` and `policy` work on a real cluster: they refuse the in-process registry that suits demos and
 * tests.
 */
class RunCommandTest {

    @Test
    void refusesTheDefaultInProcessRegistryNamingTheSettingBeforeConnectingAnywhere() {
        // Port 1 has no broker: a refusal naming bootstrap.servers would mean run got past the registry setting.
        RapportCliRunner.Result result = RapportCliRunner.run(
                "run", "--bootstrap-servers", "127.0.0.1:1", "--set", "metrics.port=0", "--set", "query.port=0");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(FailureHandler.CONFIG_ERROR);
        assertThat(result.stderr().strip())
                .doesNotContain("\n")
                .startsWith("rapport: configuration error: setting 'schema.registry.url' must be the http(s) URL")
                .contains("mock://rapport (the default)")
                .contains("dead-letter topic");
    }

    @Test
    void refusesAnExplicitMockRegistryToo() {
        RapportCliRunner.Result result = RapportCliRunner.run(
                "run",
                "--bootstrap-servers",
                "127.0.0.1:1",
                "--schema-registry-url",
                "mock://staging",
                "--set",
                "metrics.port=0",
                "--set",
                "query.port=0");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(FailureHandler.CONFIG_ERROR);
        assertThat(result.stderr().strip())
                .doesNotContain("\n")
                .contains("'schema.registry.url'")
                .contains("run refuses mock://staging,")
                .doesNotContain("(the default)");
    }

    @Test
    void policyRefusesTheInProcessRegistryBeforeConnectingAnywhere() {
        RapportCliRunner.Result result = RapportCliRunner.run("policy", "list", "--bootstrap-servers", "127.0.0.1:1");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(FailureHandler.CONFIG_ERROR);
        assertThat(result.stderr().strip())
                .doesNotContain("\n")
                .startsWith("rapport: configuration error: setting 'schema.registry.url' must be the http(s) URL")
                .contains("policy refuses mock://rapport (the default)")
                .contains("ignore them");
    }
}
