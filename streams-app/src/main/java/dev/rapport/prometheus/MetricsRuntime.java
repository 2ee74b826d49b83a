package dev.rapport.prometheus;

import dev.rapport.config.RapportConfig;
import dev.rapport.metrics.EngagementMetrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Everything a long-running command needs for monitoring, in start order: the registry with JVM
 * and process metrics, the {@link EngagementMetrics} to build the topology with, the HTTP
 * endpoint; then {@link #bindStreams} once the Kafka Streams client exists. Not ready until then.
 */
public final class MetricsRuntime implements AutoCloseable {
    private final MetricsSettings settings;
    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics;
    private final EngagementMetrics engagementMetrics;
    private final MetricsServer server;
    private final ScheduledExecutorService kafkaRefresh;
    private volatile KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;

    private MetricsRuntime(MetricsSettings settings) {
        this.settings = settings;
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        engagementMetrics = new MicrometerEngagementMetrics(registry, settings, System::currentTimeMillis);
        kafkaRefresh = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "metrics-kafka-refresh");
            thread.setDaemon(true);
            return thread;
        });
        try {
            server = MetricsServer.start(settings.bindAddress(), settings.port(), registry, this::ready);
        } catch (RuntimeException e) {
            kafkaRefresh.shutdownNow();
            gcMetrics.close();
            registry.close();
            throw e;
        }
    }

    /** Builds the registry and starts serving on {@code metrics.bind-address:metrics.port}. */
    public static MetricsRuntime start(RapportConfig config) {
        return start(MetricsSettings.from(config));
    }

    public static MetricsRuntime start(MetricsSettings settings) {
        return new MetricsRuntime(settings);
    }

    /** What to pass to {@code EngagementTopology.build}. */
    public EngagementMetrics engagementMetrics() {
        return engagementMetrics;
    }

    /** Exports the client's own metrics (threads, tasks, consumer lag, ...) and makes readiness follow its state. */
    public synchronized void bindStreams(KafkaStreams kafkaStreams) {
        if (streams != null) {
            throw new IllegalStateException("a Kafka Streams client is already bound");
        }
        streamsMetrics = new KafkaStreamsMetrics(kafkaStreams, Tags.empty(), kafkaRefresh, settings.kafkaRefresh());
        streamsMetrics.bindTo(registry);
        streams = kafkaStreams;
    }

    /** The port actually listened on (differs from the setting only when that is 0). */
    public int port() {
        return server.port();
    }

    /** A rebalance is routine: the instance stays ready through it. */
    private boolean ready() {
        KafkaStreams s = streams;
        return s != null && s.state().isRunningOrRebalancing();
    }

    @Override
    public synchronized void close() {
        server.close();
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        kafkaRefresh.shutdownNow();
        gcMetrics.close();
        registry.close();
    }
}
