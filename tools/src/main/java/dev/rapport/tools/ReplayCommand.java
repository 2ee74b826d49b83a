package dev.rapport.tools;

import dev.rapport.cli.ConfigOptions;
import dev.rapport.config.RapportConfig;
import dev.rapport.importer.EventFormat;
import dev.rapport.importer.ImportResult;
import dev.rapport.importer.ImportSummary;
import dev.rapport.replay.ReplayResult;
import dev.rapport.replay.ReplayRunner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rapport replay}: run a file of historical messages through the real application. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = "Replay a file of messages through Rapport on a Kafka cluster (embedded by default) "
                + "and write the final brand stats and alerts as JSON lines.")
final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "The file to replay.")
    Path input;

    @Option(
            names = "--format",
            defaultValue = "twcs",
            paramLabel = "FORMAT",
            description = "twcs (Kaggle Customer Support on Twitter CSV), jsonl (MessageEvent per line) or capture "
                    + "(a rapport capture of rapport.messages). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Where brand-stats.jsonl and alerts.jsonl go.")
    Path out;

    @Option(names = "--window", paramLabel = "DURATION", description = "Window size (default 1h).")
    String window;

    @Option(names = "--grace", paramLabel = "DURATION", description = "Grace for late events (default 1h).")
    String grace;

    @Option(names = "--sla", paramLabel = "DURATION", description = "Response-time SLA (default 1h).")
    String sla;

    @Option(names = "--partitions", paramLabel = "N", description = "Partitions of the topics (default 3).")
    String partitions;

    @Option(
            names = "--policy",
            paramLabel = "FILE",
            description =
                    "What-if: replay under the policies of this JSON file (its 'default' replaces the configured "
                            + "default policy; its 'brands' override single brands), e.g. to see what a new SLA would have meant.")
    Path policy;

    @Option(
            names = "--log-file",
            paramLabel = "FILE",
            description = "Where Kafka's warnings and Rapport's log go (errors show on the console too). "
                    + "Default: replay.log in the --out directory.")
    Path logFile;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() throws Exception {
        QuietConsole.logTo(logFile != null ? logFile : out.resolve("replay.log"), System.err);
        Map<String, String> flags = new LinkedHashMap<>();
        ConfigOptions.putIfSet(flags, "window", window);
        ConfigOptions.putIfSet(flags, "grace", grace);
        ConfigOptions.putIfSet(flags, "sla", sla);
        ConfigOptions.putIfSet(flags, "topic.partitions", partitions);
        RapportConfig config = configOptions.load(flags);
        EventFormat eventFormat = EventFormat.fromCliName(format);

        ImportResult imported = eventFormat.newImporter().importFrom(input);
        ReplayResult result = new ReplayRunner(config, System.err).run(imported.events(), out, policy);
        printSummary(System.out, imported.summary(), result);
        return 0;
    }

    /** {@code 87.5% (14 of 16 decided waits answered ...)}, or why there is no rate. */
    private static String share(Double rate, long count, long decided, String what) {
        if (rate == null) {
            return "n/a (no wait decided: none answered, none open past the response horizon)";
        }
        return String.format("%.1f%% (%,d of %,d decided waits %s)", 100 * rate, count, decided, what);
    }

    private void printSummary(PrintStream out, ImportSummary imported, ReplayResult result) {
        out.printf("Replay of %s (%s)%s%n", input, format, policy == null ? "" : " under the policies of " + policy);
        out.printf("  rows read              %,d%n", imported.rowsRead());
        out.printf("  events replayed        %,d%n", result.events());
        out.printf("  rows skipped           %,d%n", imported.skippedRows());
        imported.skippedRowsByReason().forEach((reason, count) -> out.printf("    %-20s %,d%n", reason, count));
        out.printf(
                "  conversations          %,d (%,d skipped: no brand)%n",
                imported.conversations(), imported.conversationsSkipped());
        out.printf("  brands                 %,d%n", result.brands());
        out.printf("  windows                %,d%n", result.windows());
        out.printf("  SLA breaches           %,d%n", result.breaches());
        ReplayResult.WaitOutcomes outcomes = result.outcomes();
        out.printf(
                "  response rate          %s%n",
                share(
                        outcomes.responseRate(),
                        outcomes.answeredInTime(),
                        outcomes.decided(),
                        "answered within the response horizon"));
        out.printf(
                "  SLA attainment         %s%n",
                share(
                        outcomes.slaAttainment(),
                        outcomes.answeredWithinSla(),
                        outcomes.decided(),
                        "answered within the SLA"));
        if (result.brokerStartupMillis() > 0) {
            out.printf("  broker start-up        %,d ms%n", result.brokerStartupMillis());
        }
        out.printf("  wall time              %.1f s%n", result.wallTime().toMillis() / 1000.0);
        out.printf(
                "  output                 %s, %s%n",
                this.out.resolve("brand-stats.jsonl"), this.out.resolve("alerts.jsonl"));
    }
}
