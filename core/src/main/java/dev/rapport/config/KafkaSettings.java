package dev.rapport.config;

import java.util.HashSet;
import java.util.List;
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

    private static Set<String> knownNames() {
        Set<String> names = new HashSet<>(StreamsConfig.configDef().names());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(ProducerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return Set.copyOf(names);
    }
}
