package dev.rapport.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.embedded.EmbeddedKafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
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
        assertOneLineNaming(run("run", "--bootstrap-servers", "127.0.0.1:" + closedPort), "bootstrap.servers");

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults())) {
            assertOneLineNaming(run("run", "--bootstrap-servers", broker.bootstrapServers(),
                    "--schema-registry-url", "http://127.0.0.1:" + closedPort), "schema.registry.url");
        }
    }
}
