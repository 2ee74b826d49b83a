package dev.rapport.tools;

import dev.rapport.cli.ConfigOptions;
import dev.rapport.cli.DurationConverter;
import dev.rapport.config.ConfigException;
import dev.rapport.config.RapportConfig;
import dev.rapport.demo.Demo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rapport demo}: everything on this machine, with synthetic brands, in one command. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Start an embedded Kafka broker, a Schema Registry endpoint, Rapport, its metrics and query API, "
                + "and a traffic generator with six brand personas; print a live summary. Ctrl-C stops everything.")
final class DemoCommand implements Callable<Integer> {
    /** Demo settings: the personas are tuned for a 15-minute SLA; 5-minute windows keep the table moving. */
    private static final Map<String, String> DEMO_DEFAULTS = Map.ofEntries(
            Map.entry("sla", "15m"),
            Map.entry("window", "5m"),
            // Brand alerts are judged when a window closes (end + grace): a grace of one window lets
            // a one-minute demo (an hour of simulated traffic) close windows and show them, and still
            // takes outside clients' events written a few simulated minutes late.
            Map.entry("grace", "5m"),
            // Demo time is compressed (--speed): event time, not the wall clock, decides breaches.
            Map.entry("sla.clock", "event"),
            // Thresholds sized for a handful of brands over 5-minute windows at the demo's rate.
            Map.entry("alert.latency.p90", "10m"),
            Map.entry("alert.latency.min-samples", "3"),
            Map.entry("alert.broadcast.min-outbound", "3"),
            Map.entry("alert.engagement.baseline-windows", "2"),
            Map.entry("alert.engagement.min-baseline", "1"),
            Map.entry("alert.channel-gap.min-waits", "3"),
            // A wait still open 20 simulated minutes after it started is decided unanswered: five
            // minutes past the SLA, so a breach comes first, and soon enough that a one-minute demo
            // decides the waits of its first forty minutes.
            Map.entry("response.horizon", "20m"),
            // At the demo's rate a 5-minute window decides 10 to 45 waits of a brand that talks to
            // its customers. One that answers nine in ten or more (attentive-air, fading-foods before
            // it fades) stays above 0.7 even in a window of ten; one that answers half
            // (cherry-picker-shop) falls below it in most windows. A broadcaster's few waits a
            // window stay under ten and are not judged.
            Map.entry("alert.response-rate.min", "0.7"),
            Map.entry("alert.response-rate.min-waits", "10"));

    @Option(
            names = "--duration",
            defaultValue = "10m",
            converter = DurationConverter.class,
            description = "How long the demo runs (wall clock). Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(
            names = "--rate",
            defaultValue = "40",
            description = "Events per wall-clock second. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Same seed, same conversations. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--speed",
            defaultValue = "60",
            description =
                    "Simulated seconds per wall-clock second: at 60 a one-minute demo shows the past hour. Default: ${DEFAULT-VALUE}.")
    double speed;

    @Option(
            names = "--kafka-port",
            defaultValue = "9092",
            description = "Port of the embedded broker (0: any). Default: ${DEFAULT-VALUE}.")
    int kafkaPort;

    @Option(
            names = "--registry-port",
            defaultValue = "8081",
            description = "Port of the Schema Registry endpoint (0: any). Default: ${DEFAULT-VALUE}.")
    int registryPort;

    @Option(
            names = "--summary-every",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "How often to print the summary. Default: ${DEFAULT-VALUE}.")
    Duration summaryEvery;

    @Option(
            names = "--log-file",
            paramLabel = "FILE",
            description = "Where Kafka's warnings and Rapport's log go (errors show on the console too). "
                    + "Default: a new rapport-demo-*.log in the temp directory.")
    Path logFile;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() throws Exception {
        QuietConsole.logTo(logFile != null ? logFile : Files.createTempFile("rapport-demo-", ".log"), System.err);
        RapportConfig config = configOptions.load("demo", DEMO_DEFAULTS, Map.of());
        if (speed <= 0 || rate <= 0) {
            throw new ConfigException("--speed and --rate must be positive");
        }
        new Demo(config, new Demo.Options(duration, rate, seed, speed, kafkaPort, registryPort, summaryEvery))
                .run(System.out);
        return 0;
    }
}
