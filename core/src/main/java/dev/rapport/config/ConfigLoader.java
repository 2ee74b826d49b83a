package dev.rapport.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Assembles the configuration in a fixed order, each layer overriding the one before:
 * built-in defaults &lt; properties file &lt; environment (RAPPORT_*) &lt; command-line flags.
 * Unknown keys and invalid values stop start-up with a message that names the setting and the
 * layer it came from; nothing is silently ignored. Values may refer to environment variables and
 * files ({@link ValueReferences}), resolved as their layer is applied.
 */
public final class ConfigLoader {
    private final Map<Setting, String> values = new EnumMap<>(Setting.class);
    private final Map<String, String> kafka = new HashMap<>();
    private final ValueReferences references;

    public ConfigLoader() {
        this(System.getenv());
    }

    /** @param referenceEnvironment where {@code ${env:NAME}} references look their variables up */
    ConfigLoader(Map<String, String> referenceEnvironment) {
        references = new ValueReferences(referenceEnvironment);
        for (Setting s : Setting.values()) {
            values.put(s, s.defaultValue());
        }
    }

    ConfigLoader base(RapportConfig config) {
        values.putAll(config.values());
        kafka.putAll(config.kafkaOverrides());
        return this;
    }

    public ConfigLoader file(Path path) {
        if (path == null) {
            return this;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("config file " + path + " cannot be read: " + e.getMessage());
        }
        Map<String, String> entries = new LinkedHashMap<>();
        properties.stringPropertyNames().stream()
                .sorted()
                .forEach(k -> entries.put(k, properties.getProperty(k).trim()));
        return layer(entries, "config file " + path);
    }

    /** Reads RAPPORT_* variables; any other variable is ignored, an unknown RAPPORT_* one is an error. */
    public ConfigLoader environment(Map<String, String> env) {
        Map<String, String> byEnvName = new HashMap<>();
        for (Setting s : Setting.values()) {
            byEnvName.put(s.environmentVariable(), s.key());
        }
        for (String name : KafkaSettings.NAMES) {
            byEnvName.putIfAbsent(Setting.environmentName(KafkaSettings.PREFIX + name), KafkaSettings.PREFIX + name);
        }
        Map<String, String> entries = new LinkedHashMap<>();
        env.keySet().stream().filter(k -> k.startsWith("RAPPORT_")).sorted().forEach(variable -> {
            String key = byEnvName.get(variable);
            if (key == null) {
                throw new ConfigException("environment variable " + variable + " is not a Rapport setting");
            }
            entries.put(key, env.get(variable));
        });
        return layer(entries, "environment");
    }

    /** A layer of settings a command chooses for itself, below the user's file, environment and flags. */
    public ConfigLoader commandDefaults(Map<String, String> settings, String command) {
        return layer(settings, command + " defaults");
    }

    public ConfigLoader flags(Map<String, String> flags) {
        return layer(flags, "command line");
    }

    public RapportConfig load() {
        boolean zone =
                !values.getOrDefault(Setting.BUSINESS_HOURS_TIME_ZONE, "").isEmpty();
        boolean weekly = !values.getOrDefault(Setting.BUSINESS_HOURS_WEEKLY, "").isEmpty();
        boolean holidays =
                !values.getOrDefault(Setting.BUSINESS_HOURS_HOLIDAYS, "").isEmpty();
        if (zone != weekly || (holidays && !zone)) {
            throw new ConfigException("settings '" + Setting.BUSINESS_HOURS_TIME_ZONE.key() + "' and '"
                    + Setting.BUSINESS_HOURS_WEEKLY.key() + "' go together (and '"
                    + Setting.BUSINESS_HOURS_HOLIDAYS.key()
                    + "' needs them): set both for business hours, or neither");
        }
        if (!values.get(Setting.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO).isEmpty()
                && !values.get(Setting.SCHEMA_REGISTRY_BEARER_AUTH_TOKEN).isEmpty()) {
            throw new ConfigException("settings '" + Setting.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO.key() + "' and '"
                    + Setting.SCHEMA_REGISTRY_BEARER_AUTH_TOKEN.key()
                    + "' are both set: a request to the registry carries"
                    + " one Authorization header; keep the one your registry expects");
        }
        if (!values.get(Setting.SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD).isEmpty()
                && values.get(Setting.SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION).isEmpty()) {
            throw new ConfigException("setting '" + Setting.SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD.key()
                    + "' is set but '" + Setting.SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION.key()
                    + "', the trust store it opens, is not");
        }
        int replicas = Integer.parseInt(values.get(Setting.TOPIC_REPLICATION_FACTOR));
        int minInSync = Integer.parseInt(values.get(Setting.TOPIC_MIN_INSYNC_REPLICAS));
        if (replicas > 0 && minInSync > replicas) {
            throw new ConfigException("setting '" + Setting.TOPIC_MIN_INSYNC_REPLICAS.key() + "' (" + minInSync
                    + ") must be at most '" + Setting.TOPIC_REPLICATION_FACTOR.key() + "' (" + replicas
                    + "): no write could ever be acknowledged");
        }
        requireAtLeast(
                Setting.RESPONSE_HORIZON,
                Setting.SLA,
                "a wait is decided unanswered only after it could have breached the SLA");
        requireAtLeast(
                Setting.CONVERSATION_TTL,
                Setting.RESPONSE_HORIZON,
                "a conversation must not be evicted before its waits are decided");
        KafkaSettings.checkGroupProtocol(kafka, values.get(Setting.APPLICATION_ID));
        FailoverDefaults.checkCommitInterval(
                values.get(Setting.PROCESSING_GUARANTEE),
                Durations.parseOrNull(values.get(Setting.COMMIT_INTERVAL)),
                kafka);
        return new RapportConfig(values, kafka);
    }

    /** Settings that bound each other are checked once every layer is in, so their order of setting does not matter. */
    private void requireAtLeast(Setting setting, Setting bound, String why) {
        Duration value = Durations.parseOrNull(values.get(setting));
        Duration minimum = Durations.parseOrNull(values.get(bound));
        if (value != null && minimum != null && value.compareTo(minimum) < 0) {
            throw new ConfigException("setting '" + setting.key() + "' (" + values.get(setting) + ") must be at least '"
                    + bound.key() + "' (" + values.get(bound) + "): " + why);
        }
    }

    private ConfigLoader layer(Map<String, String> entries, String origin) {
        entries.forEach((key, value) -> set(key, value == null ? "" : value.trim(), origin));
        return this;
    }

    private void set(String key, String written, String origin) {
        String value = references.resolve(key, written, origin);
        if (key.startsWith(KafkaSettings.PREFIX)) {
            String name = key.substring(KafkaSettings.PREFIX.length());
            if (!KafkaSettings.isKnown(name)) {
                throw new ConfigException("setting '" + key + "' (" + origin + "): '" + name
                        + "' is not a Kafka Streams, consumer, producer or admin setting");
            }
            kafka.put(name, value);
            return;
        }
        Setting setting = Setting.byKey(key)
                .orElseThrow(() -> new ConfigException("setting '" + key + "' (" + origin
                        + ") is unknown; see the settings table in docs/configuration.md"));
        String problem = setting.kind().problem(value);
        if (problem != null) {
            // Quote what was written, as the start-up log would show it: a resolved reference, a
            // password or a URL's user info must not appear in an error.
            throw new ConfigException(
                    "setting '" + key + "' (" + origin + "): '" + SecretRedaction.shown(key, written) + "' " + problem);
        }
        values.put(setting, value);
    }
}
