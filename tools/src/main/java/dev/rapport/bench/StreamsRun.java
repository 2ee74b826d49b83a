package dev.rapport.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.rapport.kafka.CompletionWatcher;
import dev.rapport.kafka.StreamsApp;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * Runs a Kafka Streams application over the whole input topic and times it from start until
 * every input record and every record it repartitioned is committed: the throughput a user of
 * exactly-once sees, commits and rebalance at start-up included. It also takes the CPU this JVM
 * spent meanwhile, which tells a phase slowed by less CPU from one that did less with the CPU it
 * had (on this project's shared machine, mostly the latter: docs/performance.md).
 */
final class StreamsRun {
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private StreamsRun() {}

    /** Input records per second, and this JVM's CPU time per input record over the same span. */
    record Throughput(double recordsPerSec, double cpuMicrosPerRecord) {}

    /**
     * The throughput of {@code instances} instances of the application in this JVM, each with
     * its own state directory and its own topology (a built topology holds its global stores, so
     * instances must not share one), sharing the partitions as separate machines would.
     * {@code beforeClose} sees every instance still running, its stores queryable.
     */
    static Throughput measure(
            Admin admin,
            Supplier<Topology> topology,
            Properties properties,
            int instances,
            String inputTopic,
            String repartitionTopic,
            long inputRecords,
            Consumer<List<KafkaStreams>> beforeClose) {
        String appId = properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        List<StreamsApp> apps = new ArrayList<>();
        long started = System.nanoTime();
        long cpuBefore = processCpuNanos();
        try {
            for (int i = 0; i < instances; i++) {
                apps.add(new StreamsApp(topology.get(), instanceProperties(properties, i)));
            }
            apps.forEach(app -> app.start(Duration.ofMinutes(2)));
            new CompletionWatcher(admin, appId, List.of(inputTopic, repartitionTopic))
                    .await(TIMEOUT, () -> apps.forEach(StreamsApp::checkHealthy), done -> {});
            double seconds = (System.nanoTime() - started) / 1e9;
            double cpuMicros = (processCpuNanos() - cpuBefore) / 1e3;
            beforeClose.accept(apps.stream().map(StreamsApp::streams).toList());
            return new Throughput(inputRecords / seconds, cpuMicros / inputRecords);
        } finally {
            apps.forEach(StreamsApp::close);
        }
    }

    /**
     * Runs one instance of the application for {@code duration} without timing it, then closes it
     * and deletes its internal topics, so the timed run that follows executes JIT-compiled code
     * (in a one-minute run the compilers otherwise take a large share of two cores) and the
     * broker's log cleaner has nothing of the warm-up's left to compact. The application id must
     * be the warm-up's own: its committed offsets and state are thrown away.
     */
    static void warmUp(Admin admin, Topology topology, Properties properties, Duration duration) {
        String appId = properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        try (StreamsApp app = new StreamsApp(topology, properties)) {
            app.start(Duration.ofMinutes(2));
            long until = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < until) {
                app.checkHealthy();
                Waiting.sleep(Duration.ofMillis(200));
            }
        }
        deleteInternalTopics(admin, appId);
    }

    private static void deleteInternalTopics(Admin admin, String appId) {
        try {
            admin.deleteTopics(InternalRecords.topicsOf(admin, appId)).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not delete the warm-up's internal topics: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** CPU time of every thread of this JVM, the embedded broker's included. */
    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Properties instanceProperties(Properties properties, int instance) {
        Properties p = new Properties();
        p.putAll(properties);
        p.put(StreamsConfig.STATE_DIR_CONFIG, properties.getProperty(StreamsConfig.STATE_DIR_CONFIG) + "-" + instance);
        return p;
    }
}
