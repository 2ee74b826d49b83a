package dev.rapport.demo;

import dev.rapport.config.RapportConfig;
import dev.rapport.config.Setting;
import dev.rapport.embedded.EmbeddedKafkaBroker;
import dev.rapport.embedded.SchemaRegistryServer;
import dev.rapport.files.StateDirectories;
import dev.rapport.generator.GeneratorRun;
import dev.rapport.generator.Persona;
import dev.rapport.generator.RunSummary;
import dev.rapport.generator.TrafficSettings;
import dev.rapport.kafka.EventPublisher;
import dev.rapport.prometheus.MetricsRuntime;
import dev.rapport.registry.SchemaRegistries;
import dev.rapport.service.RapportService;
import dev.rapport.topology.Topics;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The demo: an embedded broker and Schema Registry endpoint that outside clients can use too,
 * Rapport itself, and synthetic persona traffic compressed in time, with a console summary.
 */
public final class Demo {
    /** @param speed simulated seconds per wall-clock second */
    public record Options(
            Duration duration,
            double rate,
            long seed,
            double speed,
            int kafkaPort,
            int registryPort,
            Duration summaryEvery) {}

    private final RapportConfig baseConfig;
    private final Options options;

    public Demo(RapportConfig baseConfig, Options options) {
        this.baseConfig = baseConfig;
        this.options = options;
    }

    public void run(PrintStream out) throws Exception {
        Path stateDir = freshStateDir(baseConfig);
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    stopRequested.countDown();
                    awaitQuietly(closed);
                },
                "rapport-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long started = System.nanoTime();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(
                        EmbeddedKafkaBroker.Options.defaults().withPort(options.kafkaPort()));
                SchemaRegistryServer registry = SchemaRegistryServer.start("127.0.0.1", options.registryPort())) {
            RapportConfig config = baseConfig.with(Map.of(
                    "bootstrap.servers",
                    broker.bootstrapServers(),
                    "schema.registry.url",
                    registry.url(),
                    "state.dir",
                    stateDir.toString()));
            Properties client = new Properties();
            client.put("bootstrap.servers", broker.bootstrapServers());
            Topics topics = new Topics(SchemaRegistries.forUrl(registry.url()));
            BrandBoard board = new BrandBoard(config.duration(Setting.GRACE));
            try (MetricsRuntime metrics = MetricsRuntime.start(config);
                    RapportService service = RapportService.start(
                            config, broker.bootstrapServers(), client, metrics.engagementMetrics());
                    EventPublisher publisher = new EventPublisher(client, topics.messages());
                    OutputFollower follower = new OutputFollower(client, topics, board).start()) {
                metrics.bindStreams(service.streams());
                String queryUrl = "http://127.0.0.1:" + service.queryPort();
                out.println("Rapport demo is up:");
                out.println("  Kafka bootstrap servers   " + broker.bootstrapServers());
                out.println("  Schema Registry           " + registry.url());
                out.println("  query API                 " + queryUrl + "  (GET /waits?brand=slow-telco)");
                out.println("  metrics (Prometheus)      http://127.0.0.1:" + metrics.port()
                        + "/metrics  (health: /health/ready)");
                out.println("  input topic               " + Topics.MESSAGES + " (Avro, Confluent wire format)");
                out.println("  output topics             " + Topics.BRAND_STATS + ", " + Topics.ALERTS + ", "
                        + Topics.DEAD_LETTER);
                out.println("  local state               " + stateDir + " (this run's own, deleted on exit)");
                out.printf(
                        "  traffic                   %d brand personas, %.0f events/s, %.0fx time (%s shows %s), seed %d%n",
                        Persona.values().length,
                        options.rate(),
                        options.speed(),
                        options.duration(),
                        simulated(options.duration()),
                        options.seed());
                out.printf(
                        "  %-25s response rate of each brand's latest closed window: waits answered within %s / waits decided%n",
                        DemoConsole.RESPONSE_RATE_HEADER, config.get(Setting.RESPONSE_HORIZON));
                out.println("Stop with Ctrl-C.");

                AtomicReference<RunSummary> summary = new AtomicReference<>();
                Thread generator = startGenerator(publisher, summary);
                DemoConsole console = new DemoConsole(board, queryUrl, out);
                while (generator.isAlive()
                        && !stopRequested.await(options.summaryEvery().toMillis(), TimeUnit.MILLISECONDS)) {
                    service.checkHealthy();
                    console.print(Duration.ofNanos(System.nanoTime() - started));
                }
                generator.interrupt();
                generator.join(10_000);
                publisher.flush();
                // Let the last events through the pipeline before the final table.
                Thread.sleep(2_000);
                console.print(Duration.ofNanos(System.nanoTime() - started));
                RunSummary generated = summary.get();
                if (generated != null) {
                    out.printf(
                            "%nGenerated %,d events in %,d conversations for %d brands.%n",
                            generated.events(), generated.conversations(), generated.brands());
                }
            }
        } finally {
            // Kafka Streams and the broker are closed by now; the state is of no use to another run.
            deleteQuietly(stateDir, out);
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is running (Ctrl-C): it is waiting for exactly this countDown.
            }
        }
    }

    /**
     * A new, empty state directory for one run: under {@code state.dir} when it is set, else in the
     * temp directory (it lives as long as the run). Every run has a new broker, and Kafka Streams
     * would find a previous run's checkpoints ahead of the new, empty changelogs (TaskCorruptedException).
     */
    static Path freshStateDir(RapportConfig config) {
        String configured = config.get(Setting.STATE_DIR);
        return configured.isBlank()
                ? StateDirectories.create("rapport-demo-state-")
                : StateDirectories.createUnder(Path.of(configured), "demo-");
    }

    private static void deleteQuietly(Path stateDir, PrintStream out) {
        try {
            StateDirectories.delete(stateDir);
        } catch (UncheckedIOException e) {
            out.println("rapport: could not delete the demo's state directory " + stateDir + ": " + e.getCause());
        }
    }

    private Thread startGenerator(EventPublisher publisher, AtomicReference<RunSummary> summary) {
        CompressedClock clock = new CompressedClock(options.duration(), options.speed());
        TrafficSettings traffic =
                TrafficSettings.personas(options.seed()).withEventsPerSecond(options.rate() / options.speed());
        Duration simulated = simulated(options.duration());
        Thread thread = new Thread(
                () -> summary.set(GeneratorRun.paced(
                                traffic,
                                simulated,
                                clock,
                                pause -> Thread.sleep(
                                        Math.max(1, clock.wallTimeFor(pause).toMillis())))
                        .run(publisher::send)),
                "rapport-demo-generator");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private Duration simulated(Duration wall) {
        return Duration.ofMillis((long) (wall.toMillis() * options.speed()));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
