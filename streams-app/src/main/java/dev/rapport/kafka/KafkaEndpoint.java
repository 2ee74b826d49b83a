package dev.rapport.kafka;

import dev.rapport.config.RapportConfig;
import dev.rapport.embedded.EmbeddedKafkaBroker;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Where Rapport's Kafka is: the configured cluster, or an embedded single-node broker started
 * for this process when no bootstrap servers are configured. Closing stops only what it started.
 */
public final class KafkaEndpoint implements AutoCloseable {
    private final String bootstrapServers;
    private final RapportConfig config;
    private final EmbeddedKafkaBroker embedded;
    private final long startupMillis;

    private KafkaEndpoint(String bootstrapServers, RapportConfig config, EmbeddedKafkaBroker embedded, long startupMillis) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
        this.embedded = embedded;
        this.startupMillis = startupMillis;
    }

    public static KafkaEndpoint open(RapportConfig config) {
        if (config.bootstrapServers().isPresent()) {
            return new KafkaEndpoint(config.bootstrapServers().get(), config, null, 0);
        }
        long start = System.nanoTime();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults());
        return new KafkaEndpoint(broker.bootstrapServers(), config, broker, (System.nanoTime() - start) / 1_000_000);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    /** How long the embedded broker took to start, 0 for an external cluster. */
    public long startupMillis() {
        return startupMillis;
    }

    /**
     * Properties for Rapport's own plain clients (producer, consumer, admin): bootstrap plus the
     * connection settings among the kafka.* overrides (security, SASL, TLS), which every client
     * needs to reach a locked-down cluster.
     */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.kafkaOverrides().forEach((key, value) -> {
            if (key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                p.put(key, value);
            }
        });
        return p;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
