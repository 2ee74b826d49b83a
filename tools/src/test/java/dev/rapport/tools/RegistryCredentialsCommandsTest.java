package dev.rapport.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.cli.FailureHandler;
import dev.rapport.registry.SecuredRegistryServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * policy, capture and generate reach the registry with the schema.registry.* settings, and check
 * it before they connect to Kafka: refused credentials are one line naming the setting (no broker
 * runs here: a command that got past the registry would fail on bootstrap.servers instead).
 */
class RegistryCredentialsCommandsTest {
    private static final String WRONG_PASSWORD = "wrong-h0rse";

    @TempDir
    static Path dir;

    private static SecuredRegistryServer registry;

    @BeforeAll
    static void start() throws Exception {
        registry = SecuredRegistryServer.start(dir, "rapport:right-h0rse", "unused-token");
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private static RapportCliRunner.Result withWrongCredentials(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of(
                "--bootstrap-servers",
                "127.0.0.1:1",
                "--schema-registry-url",
                registry.url(),
                "--set",
                "schema.registry.ssl.truststore.location=" + registry.trustStore(),
                "--set",
                "schema.registry.ssl.truststore.password=" + SecuredRegistryServer.TRUST_STORE_PASSWORD,
                "--set",
                "schema.registry.basic.auth.user.info=rapport:" + WRONG_PASSWORD));
        return RapportCliRunner.run(args.toArray(String[]::new));
    }

    @Test
    void policyCaptureAndGenerateStopOnRefusedCredentialsNamingTheSetting() {
        List<RapportCliRunner.Result> results = List.of(
                withWrongCredentials("policy", "list"),
                withWrongCredentials(
                        "capture", "--out", dir.resolve("capture.jsonl").toString()),
                withWrongCredentials("generate", "--rate", "1", "--duration", "1s"));

        for (RapportCliRunner.Result result : results) {
            assertThat(result.exitCode()).as(result.stderr()).isEqualTo(FailureHandler.CONFIG_ERROR);
            assertThat(result.stderr().strip())
                    .doesNotContain("\n")
                    .contains("setting 'schema.registry.basic.auth.user.info': the registry at " + registry.url()
                            + "/subjects refused the credentials (HTTP 401)")
                    .doesNotContain(WRONG_PASSWORD);
        }
        assertThat(registry.authorizations()).hasSize(3);
    }
}
