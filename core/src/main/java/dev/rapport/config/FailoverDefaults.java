package dev.rapport.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Rapport's defaults for how fast an instance that dies without leaving its group (SIGKILL, an OOM
 * kill, a lost host) is replaced. Kafka's own defaults (a 45 s session, no standby, Kafka Streams'
 * 10 s transaction timeout under exactly-once) stop the dead instance's brand alerts for about 50 s;
 * these gave 7.5–9.5 s in {@code bench --failover} at 20,000 events/s after a warm-up
 * (docs/performance.md, Failover). Their costs (docs/configuration.md, Instance failover): a pause
 * longer than the session throws a live instance out of its group, a transaction open longer than
 * its timeout is aborted and redone, and every instance holds a second copy of another's state.
 * Any {@code kafka.*} setting of the same name overrides these.
 */
public final class FailoverDefaults {
    /** The brokers' default {@code group.min.session.timeout.ms}: the shortest session they accept. */
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);

    /** A third of the session, so that one lost heartbeat does not end it. */
    static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(2);

    /** One copy of every task's state on another instance, kept current from the changelog. */
    public static final int STANDBY_REPLICAS = 1;

    /**
     * A killed producer's open transaction holds every read_committed reader until the broker aborts
     * it, this long after it began. Below the session, it is aborted by the time the session ends.
     */
    static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(5);

    /**
     * How often a broker looks for transactions past their timeout
     * ({@code transaction.abort.timed.out.transaction.cleanup.interval.ms}, Kafka's default 10 s),
     * which the abort waits for. A broker setting: the embedded broker, the compose file and the
     * system-test cluster use this; other clusters' operators set it.
     */
    public static final Duration BROKER_TRANSACTION_ABORT_CHECK = Duration.ofSeconds(1);

    private FailoverDefaults() {}

    /**
     * The Kafka Streams properties these defaults add to the base configuration. Under the streams
     * rebalance protocol the session, heartbeat and standby replicas are the group's settings on the
     * broker, so only the transaction timeout remains; without exactly-once there is no transaction.
     */
    static Map<String, String> streamsProperties(String processingGuarantee, Map<String, String> kafka) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (!KafkaSettings.streamsProtocol(kafka)) {
            properties.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, Integer.toString(STANDBY_REPLICAS));
            properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, millis(SESSION_TIMEOUT));
            properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, millis(HEARTBEAT_INTERVAL));
        }
        // The prefixed name would win over an operator's unprefixed kafka.transaction.timeout.ms.
        if (exactlyOnce(processingGuarantee) && !kafka.containsKey(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)) {
            properties.put(
                    StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                    millis(TRANSACTION_TIMEOUT));
        }
        return properties;
    }

    /**
     * Under exactly-once every commit closes a transaction, so a commit interval as long as the
     * transaction timeout would have the broker abort every transaction before its commit. Kafka
     * Streams refuses that too, but in its own names and only once the instance starts.
     */
    static void checkCommitInterval(String processingGuarantee, Duration commitInterval, Map<String, String> kafka) {
        if (!exactlyOnce(processingGuarantee) || commitInterval == null) {
            return;
        }
        String producerName = StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        String name = kafka.containsKey(producerName) ? producerName : ProducerConfig.TRANSACTION_TIMEOUT_CONFIG;
        String value = kafka.get(name);
        long timeoutMs;
        try {
            timeoutMs = value == null ? TRANSACTION_TIMEOUT.toMillis() : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("setting '" + KafkaSettings.PREFIX + name
                    + "' must be a number of milliseconds, got '" + value + "'");
        }
        if (commitInterval.toMillis() >= timeoutMs) {
            String source = value == null
                    ? "Rapport's default for '" + KafkaSettings.PREFIX + producerName + "'"
                    : "'" + KafkaSettings.PREFIX + name + "'";
            throw new ConfigException("setting '" + Setting.COMMIT_INTERVAL.key() + "' (" + commitInterval.toMillis()
                    + " ms) must be shorter than the transaction timeout, " + source + " (" + timeoutMs
                    + " ms): under exactly-once each commit ends a transaction, and the broker aborts one open longer"
                    + " than its timeout");
        }
    }

    private static boolean exactlyOnce(String processingGuarantee) {
        return StreamsConfig.EXACTLY_ONCE_V2.equals(processingGuarantee);
    }

    private static String millis(Duration duration) {
        return Long.toString(duration.toMillis());
    }
}
