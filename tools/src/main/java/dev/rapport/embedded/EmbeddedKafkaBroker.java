package dev.rapport.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process, single-node Kafka (KRaft, combined broker and controller) listening on 127.0.0.1,
 * so that replay, demo and end-to-end tests need no external cluster.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final KafkaRaftServer server;
    private final DataDirectory dataDirectory;
    private final BrokerPorts ports;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, DataDirectory dataDirectory, BrokerPorts ports) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.ports = ports;
    }

    /**
     * Starts a broker and returns once it accepts clients.
     *
     * @throws BrokerStartupException if it fails to start or is not ready within the start-up timeout
     */
    public static EmbeddedKafkaBroker start(Options options) {
        long startNanos = System.nanoTime();
        long deadlineNanos = startNanos + options.startupTimeout().toNanos();
        DataDirectory dataDirectory =
                options.dataDirectory().map(DataDirectory::kept).orElseGet(DataDirectory::temporary);
        BrokerPorts ports =
                BrokerPorts.allocate(options.port(), !options.scramUsers().isEmpty());
        KafkaRaftServer server = null;
        try {
            KafkaConfig config = new KafkaConfig(BrokerProperties.of(
                    dataDirectory.path(), ports, options.startupTimeout(), options.brokerProperties()));
            KraftStorage.formatIfNew(config, options.scramUsers());
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            BrokerReadiness.awaitUnfenced(bootstrapAddress(ports.client()), config.nodeId(), deadlineNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(server, dataDirectory);
            throw new BrokerStartupException("Interrupted while starting the embedded Kafka broker", e);
        } catch (TimeoutException e) {
            abandon(server, dataDirectory);
            throw new BrokerStartupException(
                    "Embedded Kafka broker in " + dataDirectory.path() + " was not ready within "
                            + options.startupTimeout().toSeconds() + " s: " + e.getMessage(),
                    e);
        } catch (RuntimeException e) {
            abandon(server, dataDirectory);
            throw new BrokerStartupException(
                    "Embedded Kafka broker in " + dataDirectory.path() + " failed to start: " + causeChain(e), e);
        }
        LOG.info(
                "Embedded Kafka broker ready at {} in {} ms (data in {})",
                bootstrapAddress(ports.client()),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
                dataDirectory.path());
        return new EmbeddedKafkaBroker(server, dataDirectory, ports);
    }

    /** The PLAINTEXT listener, e.g. "127.0.0.1:41234". */
    public String bootstrapServers() {
        return bootstrapAddress(ports.client());
    }

    /**
     * The SASL_PLAINTEXT listener that authenticates with SCRAM-SHA-256.
     *
     * @throws IllegalStateException if the broker was started without SCRAM users
     */
    public String saslBootstrapServers() {
        return bootstrapAddress(ports.sasl()
                .orElseThrow(() -> new IllegalStateException(
                        "The SASL listener is only opened when Options.withScramUsers(...) names at least one user")));
    }

    public Path dataDirectory() {
        return dataDirectory.path();
    }

    /** Shuts the broker down, waits for it, and deletes the data directory if it was a temporary one. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop(server);
        dataDirectory.release();
        LOG.info("Embedded Kafka broker at {} stopped", bootstrapServers());
    }

    private static void abandon(KafkaRaftServer server, DataDirectory dataDirectory) {
        // A failed broker start leaves the controller half of combined mode running.
        if (server != null) {
            stop(server);
        }
        dataDirectory.release();
    }

    private static void stop(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    /** Kafka wraps the actionable message (e.g. which port is taken) a few causes deep. */
    private static String causeChain(Throwable failure) {
        StringJoiner messages = new StringJoiner(" <- ");
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            messages.add(String.valueOf(cause.getMessage()));
        }
        return messages.toString();
    }

    private static String bootstrapAddress(int port) {
        return "127.0.0.1:" + port;
    }

    /**
     * How to start the broker. Immutable; start from {@link #defaults()}.
     *
     * @param dataDirectory    where logs and metadata live; empty means a temporary directory deleted
     *                         on close, a given directory is kept so a later start finds its data
     * @param port             port of the PLAINTEXT client listener, 0 to pick a free one
     * @param brokerProperties broker settings applied last, over every default
     * @param scramUsers       user name to password; non-empty opens a SASL_PLAINTEXT SCRAM-SHA-256
     *                         listener. Users are stored when the data directory is first formatted,
     *                         so a restart on existing data keeps the users it was created with
     * @param startupTimeout   how long {@link #start(Options)} may take before it fails
     */
    public record Options(
            Optional<Path> dataDirectory,
            int port,
            Map<String, String> brokerProperties,
            Map<String, String> scramUsers,
            Duration startupTimeout) {

        public Options {
            Objects.requireNonNull(dataDirectory, "dataDirectory");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            brokerProperties = Map.copyOf(brokerProperties);
            scramUsers = Map.copyOf(scramUsers);
            scramUsers.forEach(Options::requireScramSafe);
            if (startupTimeout.isNegative() || startupTimeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive, was " + startupTimeout);
            }
        }

        public static Options defaults() {
            return new Options(Optional.empty(), 0, Map.of(), Map.of(), Duration.ofSeconds(60));
        }

        public Options withDataDirectory(Path directory) {
            return new Options(Optional.of(directory), port, brokerProperties, scramUsers, startupTimeout);
        }

        public Options withPort(int clientPort) {
            return new Options(dataDirectory, clientPort, brokerProperties, scramUsers, startupTimeout);
        }

        public Options withBrokerProperties(Map<String, String> overrides) {
            Map<String, String> merged = new HashMap<>(brokerProperties);
            merged.putAll(overrides);
            return new Options(dataDirectory, port, merged, scramUsers, startupTimeout);
        }

        public Options withScramUsers(Map<String, String> usersToPasswords) {
            return new Options(dataDirectory, port, brokerProperties, usersToPasswords, startupTimeout);
        }

        public Options withStartupTimeout(Duration timeout) {
            return new Options(dataDirectory, port, brokerProperties, scramUsers, timeout);
        }

        /** The storage formatter splits its SCRAM argument on commas, even inside quotes. */
        private static void requireScramSafe(String user, String password) {
            if (user.isEmpty() || user.contains(",") || password.contains(",")) {
                throw new IllegalArgumentException(
                        "SCRAM user names must be non-empty; names and passwords must not contain a comma: " + user);
            }
        }
    }
}
