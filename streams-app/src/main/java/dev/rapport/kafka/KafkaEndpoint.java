package dev.rapport.kafka;

import dev.rapport.config.ConfigException;
import dev.rapport.config.RapportConfig;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Where Rapport's Kafka is: the configured cluster, or a broker that this process started for
 * itself (the developer tools' embedded one). Closing stops only what this process started.
 */
public final class KafkaEndpoint implements AutoCloseable {
    private final String bootstrapServers;
    private final RapportConfig config;
    private final AutoCloseable ownBroker;
    private final long startupMillis;

    private KafkaEndpoint(String bootstrapServers, RapportConfig config, AutoCloseable ownBroker, long startupMillis) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
        this.ownBroker = ownBroker;
        this.startupMillis = startupMillis;
    }

    /** The configured cluster; the service ships no broker, so {@code bootstrap.servers} is required. */
    public static KafkaEndpoint open(RapportConfig config) {
        String bootstrap = config.bootstrapServers()
                .orElseThrow(
                        () -> new ConfigException(
                                "setting 'bootstrap.servers' is required (rapport.jar's demo, replay and bench start a broker of their own)"));
        return new KafkaEndpoint(bootstrap, config, null, 0);
    }

    /**
     * A broker this process started and owns: {@link #close()} stops it.
     *
     * @param startupMillis how long the broker took to start, reported by the tools
     */
    public static KafkaEndpoint ownBroker(
            String bootstrapServers, RapportConfig config, AutoCloseable broker, long startupMillis) {
        return new KafkaEndpoint(bootstrapServers, config, broker, startupMillis);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public boolean isEmbedded() {
        return ownBroker != null;
    }

    /** How long this process's own broker took to start, 0 for an external cluster. */
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
        if (ownBroker != null) {
            try {
                ownBroker.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop the broker at " + bootstrapServers, e);
            }
        }
    }
}
