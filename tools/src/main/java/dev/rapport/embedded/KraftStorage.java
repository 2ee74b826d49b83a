package dev.rapport.embedded;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kafka.server.KafkaConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Formats a KRaft log directory the first time it is used, as `kafka-storage.sh format` would. */
final class KraftStorage {

    private static final Logger LOG = LoggerFactory.getLogger(KraftStorage.class);

    private KraftStorage() {}

    /**
     * Formatting an already formatted directory would either fail or assign a new cluster id that
     * the existing data refuses, so a directory with meta.properties is left untouched. SCRAM users
     * are written into the bootstrap metadata, hence only when the directory is first formatted.
     */
    static void formatIfNew(KafkaConfig config, Map<String, String> scramUsers) {
        Path metadataDirectory = Path.of(config.metadataLogDir());
        if (Files.exists(metadataDirectory.resolve("meta.properties"))) {
            return;
        }
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(config.nodeId())
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName(config.controllerListenerNames().get(0))
                .setMetadataLogDirectory(config.metadataLogDir())
                .setDirectories(config.logDirs())
                .setScramArguments(scramArguments(scramUsers));
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format KRaft storage in " + metadataDirectory, e);
        }
        LOG.info("Formatted KRaft storage in {} with cluster id {}", metadataDirectory, formatter.clusterId());
    }

    private static List<String> scramArguments(Map<String, String> users) {
        return users.entrySet().stream()
                // Quoted so that the formatter keeps '=', quotes and brackets inside a value verbatim.
                .map(user -> BrokerProperties.SCRAM_MECHANISM + "=[name=\"" + user.getKey() + "\",password=\""
                        + user.getValue() + "\"]")
                .toList();
    }
}
