package dev.rapport.tools;

import dev.rapport.capture.CaptureOptions;
import dev.rapport.capture.CaptureResult;
import dev.rapport.capture.TopicCapture;
import dev.rapport.cli.ConfigOptions;
import dev.rapport.cli.DurationConverter;
import dev.rapport.config.ConfigException;
import dev.rapport.config.RapportConfig;
import dev.rapport.embedded.LocalKafka;
import dev.rapport.kafka.KafkaEndpoint;
import dev.rapport.kafka.Retrying;
import dev.rapport.registry.SchemaRegistries;
import dev.rapport.registry.SchemaRegistryCheck;
import dev.rapport.topology.Topics;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code rapport capture}: a topic's records as JSON lines, for replay and for tests with real data. */
@Command(
        name = "capture",
        mixinStandardHelpOptions = true,
        description = "Dump the records of a topic to a JSONL file, one Kafka record per line with its value decoded "
                + "through the Schema Registry. Commits no offsets. Replay a capture of rapport.messages with "
                + "replay --format capture.")
final class CaptureCommand implements Callable<Integer> {
    static final int INCOMPLETE = 1;

    @Option(
            names = "--topic",
            defaultValue = Topics.MESSAGES,
            description = "Topic to capture. Default: ${DEFAULT-VALUE}.")
    String topic;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The JSONL file to write (replaced).")
    Path out;

    @Option(
            names = "--from-beginning",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            arity = "0..1",
            description = "Read from the earliest offsets up to the end offsets found at start (default); "
                    + "with --no-from-beginning follow new records until --max or --timeout.")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
    Long max;

    @Option(
            names = "--timeout",
            defaultValue = "5m",
            converter = DurationConverter.class,
            description =
                    "The longest the capture runs. From the beginning, not reaching the end offsets in time is an "
                            + "error (exit code 1, the file keeps what was read). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(
            names = "--isolation",
            defaultValue = "read_committed",
            paramLabel = "LEVEL",
            description = "read_committed (skip aborted transactions, as Rapport's readers do) or read_uncommitted. "
                    + "Default: ${DEFAULT-VALUE}.")
    String isolation;

    @Mixin
    ConfigOptions configOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CaptureOptions options = options();
        RapportConfig config = configOptions.load(Map.of());
        if (config.bootstrapServers().isEmpty()) {
            throw new ConfigException("capture needs a running Kafka cluster (--bootstrap-servers)");
        }
        if (config.schemaRegistryUrl().startsWith("mock://")) {
            throw new ConfigException("capture needs the Schema Registry the producers used (--schema-registry-url): "
                    + config.schemaRegistryUrl() + " lives in this process only and knows none of their schemas");
        }
        SchemaRegistryCheck.verify(config, SchemaRegistryCheck.DEFAULT_TIMEOUT);
        CaptureResult result;
        try (KafkaEndpoint kafka = LocalKafka.open(config);
                Writer writer = Files.newBufferedWriter(out)) {
            result = new TopicCapture(
                            kafka.clientProperties(),
                            SchemaRegistries.forConfig(config),
                            Retrying.forCommand(config, System.err))
                    .run(options, writer);
        }
        System.out.printf(
                Locale.ROOT,
                "captured %,d records of %s to %s in %.1f s (%,d values undecoded, stopped: %s)%n",
                result.records(),
                topic,
                out,
                result.elapsed().toMillis() / 1000.0,
                result.undecodedValues(),
                result.stopReason().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        if (fromBeginning && result.stopReason() == CaptureResult.StopReason.TIMEOUT) {
            System.err.println("rapport: capture did not reach the end of " + topic + " within " + timeout + "; " + out
                    + " holds the records read so far");
            return INCOMPLETE;
        }
        return 0;
    }

    private CaptureOptions options() {
        boolean readCommitted = switch (isolation.trim().toLowerCase(Locale.ROOT)) {
            case "read_committed" -> true;
            case "read_uncommitted" -> false;
            default ->
                throw new ParameterException(
                        spec.commandLine(), "--isolation must be read_committed or read_uncommitted, got " + isolation);
        };
        if (max != null && max <= 0) {
            throw new ParameterException(spec.commandLine(), "--max must be positive, got " + max);
        }
        try {
            return new CaptureOptions(
                    topic,
                    fromBeginning,
                    max == null ? OptionalLong.empty() : OptionalLong.of(max),
                    timeout,
                    readCommitted);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
