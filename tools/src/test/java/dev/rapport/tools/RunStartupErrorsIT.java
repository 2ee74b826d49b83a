package dev.rapport.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.embedded.EmbeddedKafkaBroker;
import dev.rapport.registry.SecuredRegistryServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad settings stop `run` before it starts, with one line that names the setting. */
class RunStartupErrorsIT {

    private record Outcome(int exitCode, String stderr) {}

    /** Runs the command with the metrics endpoint on a free port: a busy 9464 must not mask the error under test. */
    private static Outcome run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = RapportCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        String[] withFreeMetricsPort = Arrays.copyOf(args, args.length + 2);
        withFreeMetricsPort[args.length] = "--set";
        withFreeMetricsPort[args.length + 1] = "metrics.port=0";
        int code = cli.execute(withFreeMetricsPort);
        return new Outcome(code, err.toString().strip());
    }

    private static void assertOneLineNaming(Outcome outcome, String setting) {
        assertThat(outcome.exitCode()).as(outcome.stderr()).isEqualTo(2);
        assertThat(outcome.stderr()).doesNotContain("\n").contains("'" + setting + "'");
    }

    @Test
    void unknownKeyBadDurationUnreachableBrokerAndWrongRegistryEachNameTheirSetting() throws Exception {
        assertOneLineNaming(run("run", "--bootstrap-servers", "127.0.0.1:1", "--set", "windw=1h"), "windw");
        assertOneLineNaming(run("run", "--bootstrap-servers", "127.0.0.1:1", "--set", "sla=soon"), "sla");
        assertOneLineNaming(run("run"), "bootstrap.servers");

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        // run has no default registry: the in-process mock:// one is refused before anything connects.
        assertOneLineNaming(run("run", "--bootstrap-servers", "127.0.0.1:" + closedPort), "schema.registry.url");
        // The cluster is checked before the registry.
        assertOneLineNaming(
                run(
                        "run",
                        "--bootstrap-servers",
                        "127.0.0.1:" + closedPort,
                        "--schema-registry-url",
                        "http://127.0.0.1:" + closedPort),
                "bootstrap.servers");

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults())) {
            assertOneLineNaming(
                    run(
                            "run",
                            "--bootstrap-servers",
                            broker.bootstrapServers(),
                            "--schema-registry-url",
                            "http://127.0.0.1:" + closedPort),
                    "schema.registry.url");
        }
    }

    @Test
    void aSecuredRegistryThatRefusesTheCredentialsOrIsNotTrustedStopsRunNamingTheSetting(@TempDir Path dir)
            throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults());
                SecuredRegistryServer registry = SecuredRegistryServer.start(dir, "rapport:right-pw", "unused-token")) {
            String[] secured = {
                "run",
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--schema-registry-url",
                registry.url(),
                "--set",
                "schema.registry.ssl.truststore.location=" + registry.trustStore(),
                "--set",
                "schema.registry.ssl.truststore.password=" + SecuredRegistryServer.TRUST_STORE_PASSWORD
            };

            Outcome wrongPassword =
                    run(with(secured, "--set", "schema.registry.basic.auth.user.info=rapport:wrong-pw"));
            assertOneLineNaming(wrongPassword, "schema.registry.basic.auth.user.info");
            assertThat(wrongPassword.stderr())
                    .contains("refused the credentials (HTTP 401)")
                    .doesNotContain("wrong-pw");

            Outcome untrusted = run(
                    "run",
                    "--bootstrap-servers",
                    broker.bootstrapServers(),
                    "--schema-registry-url",
                    registry.url(),
                    "--set",
                    "schema.registry.basic.auth.user.info=rapport:right-pw");
            assertOneLineNaming(untrusted, "schema.registry.ssl.truststore.location");
            assertThat(untrusted.stderr()).contains("is not trusted").doesNotContain("right-pw");
            Path missing = dir.resolve("no-such-trust-store.p12");
            assertOneLineNaming(
                    run(with(
                            secured,
                            "--set",
                            "schema.registry.basic.auth.user.info=rapport:right-pw",
                            "--set",
                            "schema.registry.ssl.truststore.location=" + missing)),
                    "schema.registry.ssl.truststore.location");
            Outcome wrongTrustPassword = run(with(
                    secured,
                    "--set",
                    "schema.registry.basic.auth.user.info=rapport:right-pw",
                    "--set",
                    "schema.registry.ssl.truststore.password=not-the-trust-pw"));
            assertOneLineNaming(wrongTrustPassword, "schema.registry.ssl.truststore.password");
            assertThat(wrongTrustPassword.stderr()).doesNotContain("not-the-trust-pw");

            assertThat(registry.authorizations())
                    .containsExactly("Basic "
                            + Base64.getEncoder().encodeToString("rapport:wrong-pw".getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static String[] with(String[] args, String... more) {
        String[] all = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }
}
