package dev.rapport.embedded;

import dev.rapport.config.RapportConfig;
import dev.rapport.kafka.KafkaEndpoint;

/**
 * The tools' Kafka: the configured cluster, or an embedded single-node broker started for this
 * process when no bootstrap servers are configured, so {@code replay}, {@code generate},
 * {@code capture} and {@code bench} work on a laptop with nothing else installed.
 */
public final class LocalKafka {
    private LocalKafka() {}

    public static KafkaEndpoint open(RapportConfig config) {
        if (config.bootstrapServers().isPresent()) {
            return KafkaEndpoint.open(config);
        }
        long start = System.nanoTime();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults());
        return KafkaEndpoint.ownBroker(
                broker.bootstrapServers(), config, broker, (System.nanoTime() - start) / 1_000_000);
    }
}
