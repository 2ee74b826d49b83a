package dev.rapport.tools;

import dev.rapport.cli.ConfigOptions;
import dev.rapport.cli.DurationConverter;
import dev.rapport.config.ConfigException;
import dev.rapport.config.RapportConfig;
import dev.rapport.embedded.LocalKafka;
import dev.rapport.generator.GeneratorRun;
import dev.rapport.generator.RunSummary;
import dev.rapport.generator.TrafficMode;
import dev.rapport.generator.TrafficSettings;
import dev.rapport.importer.JsonlEventWriter;
import dev.rapport.kafka.EventPublisher;
import dev.rapport.kafka.KafkaEndpoint;
import dev.rapport.kafka.RapportTopics;
import dev.rapport.kafka.Retrying;
import dev.rapport.kafka.TopicSetup;
import dev.rapport.registry.SchemaRegistries;
import dev.rapport.registry.SchemaRegistryCheck;
import dev.rapport.topology.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code rapport generate}: synthetic brand/customer traffic, live to Kafka or as a JSONL file. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description =
                "Generate synthetic conversations between brands and customers: live at a rate for a duration, "
                        + "or a fixed number of events as fast as possible (--events). Writes to Kafka, or to a JSONL file with --out.")
final class GenerateCommand implements Callable<Integer> {
    private static final Duration DEFAULT_DURATION = Duration.ofSeconds(60);

    @Option(
            names = "--rate",
            defaultValue = "50",
            paramLabel = "EVENTS_PER_S",
            description =
                    "Events per second: of wall-clock time when live, of event time with --events. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long to generate live, e.g. 60s, 10m (default 60s).")
    Duration duration;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Same seed and options, same events. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--mode",
            defaultValue = "personas",
            paramLabel = "MODE",
            description =
                    "personas (six brands, one per alert) or zipf (300 brands, skewed sizes, 3%% late events). Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(
            names = "--events",
            paramLabel = "N",
            description = "Generate exactly N events without pacing, instead of running for a duration.")
    Long events;

    @Option(
            names = "--start",
            paramLabel = "INSTANT",
            description =
                    "With --events: occurredAt of the first event, e.g. 2026-01-01T00:00:00Z (default: so the last event is about now).")
    Instant start;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Write JSON lines (the jsonl replay format) here instead of to Kafka.")
    Path out;

    @Mixin
    ConfigOptions configOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        TrafficSettings settings = settings();
        GeneratorRun run = run(settings);
        RunSummary summary = out != null ? toFile(run) : toKafka(run);
        System.out.printf(
                Locale.ROOT,
                "generated %,d events, %,d conversations, %d brands in %.1f s (%s, seed %d) to %s%n",
                summary.events(),
                summary.conversations(),
                summary.brands(),
                summary.elapsed().toMillis() / 1000.0,
                settings.mode().cliName(),
                seed,
                out != null ? out : Topics.MESSAGES);
        return 0;
    }

    private TrafficSettings settings() {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new ParameterException(spec.commandLine(), "--rate must be a positive number, got " + rate);
        }
        if (events != null && duration != null) {
            throw new ParameterException(
                    spec.commandLine(), "--events and --duration exclude each other: a count, or a time");
        }
        if (events != null && events < 0) {
            throw new ParameterException(spec.commandLine(), "--events must not be negative, got " + events);
        }
        if (start != null && events == null) {
            throw new ParameterException(spec.commandLine(), "--start needs --events: a live run starts now");
        }
        return TrafficSettings.of(TrafficMode.fromCliName(mode), seed).withEventsPerSecond(rate);
    }

    private GeneratorRun run(TrafficSettings settings) {
        if (events == null) {
            return GeneratorRun.paced(settings, duration == null ? DEFAULT_DURATION : duration, Clock.systemUTC());
        }
        // Ending about now keeps every event inside the future-skew limit of whoever consumes them.
        Instant first = start != null ? start : Instant.now().minus(settings.eventTimeFor(events));
        return GeneratorRun.batch(settings, events, first);
    }

    private RunSummary toFile(GeneratorRun run) throws IOException {
        try (JsonlEventWriter writer = new JsonlEventWriter(Files.newBufferedWriter(out))) {
            return run.run(event -> {
                try {
                    writer.write(event);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private RunSummary toKafka(GeneratorRun run) {
        RapportConfig config = configOptions.load(Map.of());
        if (config.bootstrapServers().isEmpty()) {
            throw new ConfigException(
                    "generate needs a running Kafka cluster (--bootstrap-servers): an embedded broker "
                            + "would stop with this command; or write a file with --out");
        }
        SchemaRegistryCheck.verify(config, SchemaRegistryCheck.DEFAULT_TIMEOUT);
        try (KafkaEndpoint kafka = LocalKafka.open(config);
                Admin admin = Admin.create(kafka.clientProperties())) {
            Retrying retrying = Retrying.forCommand(config, System.err);
            TopicSetup.ensure(admin, RapportTopics.specs(config), retrying, null);
            if (config.schemaRegistryUrl().startsWith("mock://")) {
                System.err.println(
                        "rapport: warning: schema registry " + config.schemaRegistryUrl()
                                + " lives in this process only; other processes cannot decode these events (set --schema-registry-url)");
            }
            Topics topics = new Topics(SchemaRegistries.forConfig(config));
            try (EventPublisher publisher =
                    new EventPublisher(kafka.clientProperties(), topics.messages(), retrying.deadline())) {
                RunSummary summary = run.run(publisher::send);
                publisher.flush();
                return summary;
            }
        }
    }
}
