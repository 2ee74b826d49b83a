package dev.rapport.bench;

import dev.rapport.kafka.CompletionWatcher;
import dev.rapport.kafka.StreamsApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * Runs a Kafka Streams application over the whole input topic and times it from start until
 * every input record and every record it repartitioned is committed: the throughput a user of
 * exactly-once sees, commits and rebalance at start-up included.
 */
final class StreamsRun {
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private StreamsRun() {}

    /**
     * Records per second of {@code instances} instances of the application in this JVM, each with
     * its own state directory and its own topology (a built topology holds its global stores, so
     * instances must not share one), sharing the partitions as separate machines would.
     * {@code beforeClose} sees every instance still running, its stores queryable.
     */
    static double measure(Admin admin, Supplier<Topology> topology, Properties properties, int instances, String inputTopic,
                          String repartitionTopic, long inputRecords, Consumer<List<KafkaStreams>> beforeClose) {
        String appId = properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        List<StreamsApp> apps = new ArrayList<>();
        long started = System.nanoTime();
        try {
            for (int i = 0; i < instances; i++) {
                apps.add(new StreamsApp(topology.get(), instanceProperties(properties, i)));
            }
            apps.forEach(app -> app.start(Duration.ofMinutes(2)));
            new CompletionWatcher(admin, appId, List.of(inputTopic, repartitionTopic))
                    .await(TIMEOUT, () -> apps.forEach(StreamsApp::checkHealthy), done -> { });
            double seconds = (System.nanoTime() - started) / 1e9;
            beforeClose.accept(apps.stream().map(StreamsApp::streams).toList());
            return inputRecords / seconds;
        } finally {
            apps.forEach(StreamsApp::close);
        }
    }

    private static Properties instanceProperties(Properties properties, int instance) {
        Properties p = new Properties();
        p.putAll(properties);
        p.put(StreamsConfig.STATE_DIR_CONFIG, properties.getProperty(StreamsConfig.STATE_DIR_CONFIG) + "-" + instance);
        return p;
    }
}
