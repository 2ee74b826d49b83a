package dev.rapport.cli;

import dev.rapport.config.ConfigException;
import dev.rapport.config.RapportConfig;
import dev.rapport.kafka.ClusterCheck;
import dev.rapport.kafka.KafkaEndpoint;
import dev.rapport.prometheus.MetricsRuntime;
import dev.rapport.registry.SchemaRegistryCheck;
import dev.rapport.service.RapportService;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code rapport run}: the production entry point, against a real cluster and Schema Registry;
 * it has no default registry ({@code schema.registry.url} must be set to an http(s) URL).
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run Rapport against a Kafka cluster until SIGTERM / Ctrl-C. Settings: --config FILE < RAPPORT_* "
                + "environment < --set/flags.")
public final class RunCommand implements Callable<Integer> {
    private static final Duration STARTUP_CHECK_TIMEOUT = Duration.ofSeconds(10);

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() throws Exception {
        RapportConfig config = configOptions.load(Map.of());
        if (config.bootstrapServers().isEmpty()) {
            throw new ConfigException(
                    "setting 'bootstrap.servers' is required by run (use demo for an embedded broker)");
        }
        SharedRegistry.require(config, "run", "every record they write would go to the dead-letter topic");
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        // SIGTERM runs shutdown hooks; this one asks the main thread to stop and waits until it
        // has closed Kafka Streams cleanly (committed, state flushed), so a restart resumes fast.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stopRequested.countDown();
                            try {
                                closed.await(60, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "rapport-shutdown"));
        LoggerFactory.getLogger(RunCommand.class).info("settings: {}", config.describe());
        try (KafkaEndpoint kafka = KafkaEndpoint.open(config);
                MetricsRuntime metrics = MetricsRuntime.start(config);
                RapportService service = startChecked(config, kafka, metrics)) {
            metrics.bindStreams(service.streams());
            System.err.println("rapport: running; query API on port " + service.queryPort()
                    + ", metrics and health on port " + metrics.port() + "; stop with SIGTERM or Ctrl-C");
            while (!stopRequested.await(1, TimeUnit.SECONDS)) {
                service.checkHealthy();
            }
        } finally {
            closed.countDown();
        }
        return 0;
    }

    /** Fails fast, naming the setting to fix, before Kafka Streams would retry forever. */
    private static RapportService startChecked(RapportConfig config, KafkaEndpoint kafka, MetricsRuntime metrics)
            throws IOException {
        ClusterCheck.verify(kafka.clientProperties(), STARTUP_CHECK_TIMEOUT);
        SchemaRegistryCheck.verify(config, STARTUP_CHECK_TIMEOUT);
        return RapportService.start(
                config, kafka.bootstrapServers(), kafka.clientProperties(), metrics.engagementMetrics());
    }
}
