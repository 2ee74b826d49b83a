package dev.rapport.bench;

import dev.rapport.kafka.CompletionWatcher;
import dev.rapport.kafka.StreamsApp;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
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

    /** Records per second; {@code beforeClose} sees the application still running, its stores queryable. */
    static double measure(Admin admin, Topology topology, Properties properties, String inputTopic,
                          String repartitionTopic, long inputRecords, Consumer<KafkaStreams> beforeClose) {
        String appId = properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        long started = System.nanoTime();
        try (StreamsApp app = new StreamsApp(topology, properties).start(Duration.ofMinutes(2))) {
            new CompletionWatcher(admin, appId, List.of(inputTopic, repartitionTopic))
                    .await(TIMEOUT, app::checkHealthy, done -> { });
            double seconds = (System.nanoTime() - started) / 1e9;
            beforeClose.accept(app.streams());
            return inputRecords / seconds;
        }
    }
}
