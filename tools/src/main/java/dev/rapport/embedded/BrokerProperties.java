package dev.rapport.embedded;

import dev.rapport.config.FailoverDefaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The configuration of a single-node, combined-mode KRaft broker bound to 127.0.0.1. */
final class BrokerProperties {

    static final int NODE_ID = 1;
    static final String CLIENT_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String SASL_LISTENER = "SASL_PLAINTEXT";
    static final String SCRAM_MECHANISM = "SCRAM-SHA-256";

    private static final String LOOPBACK = "127.0.0.1";

    private BrokerProperties() {}

    static Map<String, String> of(
            Path dataDirectory, BrokerPorts ports, Duration startupTimeout, Map<String, String> overrides) {
        Map<String, String> props = new LinkedHashMap<>();
        props.putAll(identity(dataDirectory, startupTimeout));
        props.putAll(listeners(ports));
        props.putAll(singleNodeReplication());
        props.putAll(historicalDataRetention());
        props.putAll(fastStartup());
        props.putAll(fastTransactionAbort());
        props.putAll(overrides);
        return props;
    }

    private static Map<String, String> identity(Path dataDirectory, Duration startupTimeout) {
        return Map.of(
                "process.roles", "broker,controller",
                "node.id", String.valueOf(NODE_ID),
                "log.dirs", dataDirectory.toString(),
                "metadata.log.dir", dataDirectory.toString(),
                // Bounds Kafka's own internal start-up waits so a stuck start fails instead of hanging.
                "server.max.startup.time.ms", String.valueOf(startupTimeout.toMillis()));
    }

    private static Map<String, String> listeners(BrokerPorts ports) {
        List<String> bound = new ArrayList<>();
        List<String> advertised = new ArrayList<>();
        String client = CLIENT_LISTENER + "://" + LOOPBACK + ":" + ports.client();
        bound.add(client);
        advertised.add(client);
        bound.add(CONTROLLER_LISTENER + "://" + LOOPBACK + ":" + ports.controller());

        Map<String, String> props = new LinkedHashMap<>();
        props.put("controller.quorum.voters", NODE_ID + "@" + LOOPBACK + ":" + ports.controller());
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", CLIENT_LISTENER);
        props.put(
                "listener.security.protocol.map",
                String.join(
                        ",",
                        CLIENT_LISTENER + ":PLAINTEXT",
                        CONTROLLER_LISTENER + ":PLAINTEXT",
                        SASL_LISTENER + ":SASL_PLAINTEXT"));
        ports.sasl().ifPresent(saslPort -> {
            String sasl = SASL_LISTENER + "://" + LOOPBACK + ":" + saslPort;
            bound.add(sasl);
            advertised.add(sasl);
            String prefix = "listener.name." + SASL_LISTENER.toLowerCase() + ".";
            props.put(prefix + "sasl.enabled.mechanisms", SCRAM_MECHANISM);
            // The server side of SCRAM needs a JAAS entry; credentials themselves live in the metadata log.
            props.put(
                    prefix + SCRAM_MECHANISM.toLowerCase() + ".sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        });
        props.put("listeners", String.join(",", bound));
        props.put("advertised.listeners", String.join(",", advertised));
        return props;
    }

    /** Internal topics default to replication 3 / min ISR 2, which one node can never satisfy. */
    private static Map<String, String> singleNodeReplication() {
        return Map.of(
                "offsets.topic.replication.factor", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "share.coordinator.state.topic.replication.factor", "1",
                "share.coordinator.state.topic.min.isr", "1",
                "default.replication.factor", "1",
                "min.insync.replicas", "1");
    }

    /**
     * Replays carry event timestamps from years ago. Time retention would delete them as soon as they
     * are written (which once stalled exactly-once processing for good), and the timestamp guards
     * would reject them on produce, so all three are switched off.
     */
    private static Map<String, String> historicalDataRetention() {
        return Map.of(
                "log.retention.ms", "-1",
                "log.retention.bytes", "-1",
                "log.message.timestamp.type", "CreateTime",
                "log.message.timestamp.before.max.ms", String.valueOf(Long.MAX_VALUE),
                "log.message.timestamp.after.max.ms", String.valueOf(Long.MAX_VALUE));
    }

    /**
     * A dead instance's open transactions hold back every read_committed reader until the broker
     * aborts them, at its first check after their timeout; Kafka checks every 10 s.
     */
    private static Map<String, String> fastTransactionAbort() {
        return Map.of(
                "transaction.abort.timed.out.transaction.cleanup.interval.ms",
                String.valueOf(FailoverDefaults.BROKER_TRANSACTION_ABORT_CHECK.toMillis()));
    }

    /** Few partitions for internal topics and no rebalance delay: a one-node broker has nothing to wait for. */
    private static Map<String, String> fastStartup() {
        return Map.of(
                "auto.create.topics.enable", "false",
                "num.partitions", "1",
                "offsets.topic.num.partitions", "4",
                "transaction.state.log.num.partitions", "4",
                "share.coordinator.state.topic.num.partitions", "4",
                "group.initial.rebalance.delay.ms", "0",
                "group.streams.initial.rebalance.delay.ms", "0",
                "log.segment.bytes", String.valueOf(16 * 1024 * 1024),
                "offsets.topic.segment.bytes", String.valueOf(16 * 1024 * 1024),
                "transaction.state.log.segment.bytes", String.valueOf(16 * 1024 * 1024));
    }
}
