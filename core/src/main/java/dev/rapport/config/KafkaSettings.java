package dev.rapport.config;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Raw Kafka client settings pass through as {@code kafka.<name>} (for security: SASL, TLS, ...).
 * Only names that Kafka Streams or its clients define are accepted, so a typo fails at start-up
 * instead of being ignored with a warning in the log.
 */
final class KafkaSettings {
    static final String PREFIX = "kafka.";
    private static final List<String> CLIENT_PREFIXES = List.of(
            "",
            "consumer.",
            "producer.",
            "admin.",
            "main.consumer.",
            "restore.consumer.",
            "global.consumer.",
            "topic.");
    static final Set<String> NAMES = knownNames();

    private KafkaSettings() {}

    static boolean isKnown(String kafkaName) {
        for (String prefix : CLIENT_PREFIXES) {
            if (kafkaName.startsWith(prefix) && NAMES.contains(kafkaName.substring(prefix.length()))) {
                return true;
            }
        }
        return kafkaName.startsWith("topic.") && kafkaName.length() > "topic.".length();
    }

    /**
     * Under the streams rebalance protocol (KIP-1071) the broker assigns the tasks: these client
     * settings are then ignored with no more than a warning in the log, or (static membership)
     * refused by the broker. The group's own settings take their place, named here.
     */
    private static final Map<String, String> IGNORED_BY_STREAMS_PROTOCOL = Map.of(
            "num.standby.replicas", "the group setting streams.num.standby.replicas",
            "session.timeout.ms", "the group setting streams.session.timeout.ms",
            "heartbeat.interval.ms", "the group setting streams.heartbeat.interval.ms",
            "group.instance.id", "nothing: static membership is not supported by the streams protocol in Kafka 4.3",
            "acceptable.recovery.lag", "nothing: the broker's sticky assignor has no warm-up tasks",
            "max.warmup.replicas", "nothing: the broker's sticky assignor has no warm-up tasks",
            "probing.rebalance.interval.ms", "nothing: the broker's sticky assignor has no warm-up tasks",
            "task.assignor.class", "nothing: the broker assigns the tasks");

    private static final List<String> CONSUMER_PREFIXES = List.of("", "consumer.", "main.consumer.");

    /**
     * Refuses settings that {@code group.protocol=streams} would silently ignore, naming what takes
     * their place, so an operator who sets a session timeout or standby replicas gets them.
     */
    static void checkGroupProtocol(Map<String, String> kafka, String applicationId) {
        if (!streamsProtocol(kafka)) {
            return;
        }
        for (Map.Entry<String, String> ignored : IGNORED_BY_STREAMS_PROTOCOL.entrySet()) {
            for (String prefix : CONSUMER_PREFIXES) {
                String name = prefix + ignored.getKey();
                if (kafka.containsKey(name)) {
                    String instead = ignored.getValue().startsWith("the group setting")
                            ? ignored.getValue() + " (kafka-configs.sh --alter --entity-type groups --entity-name "
                                    + applicationId + " --add-config "
                                    + ignored.getValue().substring("the group setting ".length())
                                    + "=...; the broker's group.streams.* settings bound it)"
                            : ignored.getValue();
                    throw new ConfigException("setting '" + PREFIX + name + "' has no effect with '" + PREFIX
                            + "group.protocol=streams', where the broker assigns the tasks; instead: " + instead);
                }
            }
        }
    }

    /** Whether {@code kafka.group.protocol} chooses the streams rebalance protocol (KIP-1071) over the classic one. */
    static boolean streamsProtocol(Map<String, String> kafka) {
        return kafka.getOrDefault("group.protocol", "classic").trim().equalsIgnoreCase("streams");
    }

    private static Set<String> knownNames() {
        Set<String> names = new HashSet<>(StreamsConfig.configDef().names());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(ProducerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return Set.copyOf(names);
    }
}
