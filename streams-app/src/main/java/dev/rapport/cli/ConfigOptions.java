package dev.rapport.cli;

import dev.rapport.config.ConfigLoader;
import dev.rapport.config.RapportConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The configuration options every command shares: a properties file, then RAPPORT_* environment
 * variables, then {@code --set key=value} and the command's own flags, in that order of precedence.
 */
public final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with Rapport settings.")
    Path file;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Any setting, e.g. --set kafka.security.protocol=SASL_SSL.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description = "Kafka cluster (default: an embedded broker).")
    String bootstrapServers;

    @Option(
            names = "--schema-registry-url",
            paramLabel = "URL",
            description = "Schema Registry URL (default: mock://rapport, in-process; run requires an http(s) URL).")
    String schemaRegistryUrl;

    public RapportConfig load(Map<String, String> commandFlags) {
        return load("", Map.of(), commandFlags);
    }

    /** As {@link #load(Map)}, with the command's own defaults just above the built-in ones. */
    public RapportConfig load(String command, Map<String, String> commandDefaults, Map<String, String> commandFlags) {
        Map<String, String> flags = new LinkedHashMap<>(settings);
        putIfSet(flags, "bootstrap.servers", bootstrapServers);
        putIfSet(flags, "schema.registry.url", schemaRegistryUrl);
        flags.putAll(commandFlags);
        return new ConfigLoader()
                .commandDefaults(commandDefaults, command)
                .file(file)
                .environment(System.getenv())
                .flags(flags)
                .load();
    }

    public static void putIfSet(Map<String, String> flags, String key, String value) {
        if (value != null) {
            flags.put(key, value);
        }
    }
}
