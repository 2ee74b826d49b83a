package dev.rapport.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;

/** Validated settings, typed. Built by {@link ConfigLoader}; immutable. */
public final class RapportConfig {
    private final Map<Setting, String> values;
    private final Map<String, String> kafka;

    RapportConfig(Map<Setting, String> values, Map<String, String> kafka) {
        this.values = Collections.unmodifiableMap(new EnumMap<>(values));
        this.kafka = Collections.unmodifiableMap(new TreeMap<>(kafka));
    }

    /** The defaults alone: what tests and the embedded replay use unless told otherwise. */
    public static RapportConfig defaults() {
        return new ConfigLoader().load();
    }

    public String get(Setting setting) {
        return values.get(setting);
    }

    public Optional<String> bootstrapServers() {
        String servers = get(Setting.BOOTSTRAP_SERVERS);
        return servers.isBlank() ? Optional.empty() : Optional.of(servers);
    }

    public String schemaRegistryUrl() {
        return get(Setting.SCHEMA_REGISTRY_URL);
    }

    public String applicationId() {
        return get(Setting.APPLICATION_ID);
    }

    public Duration duration(Setting setting) {
        return Durations.parseOrNull(get(setting));
    }

    public Optional<Duration> changelogRetention() {
        String value = get(Setting.CHANGELOG_RETENTION);
        return "infinite".equals(value) ? Optional.empty() : Optional.of(duration(Setting.CHANGELOG_RETENTION));
    }

    public int integer(Setting setting) {
        return Integer.parseInt(get(setting));
    }

    /** A size setting in bytes. */
    public long bytes(Setting setting) {
        return Kind.ByteSizes.parseOrNull(get(setting));
    }

    public double decimal(Setting setting) {
        return Double.parseDouble(get(setting));
    }

    /** {@code state.dir}, or {@link #defaultStateDir} when it is empty. */
    public Path stateDir() {
        String dir = get(Setting.STATE_DIR);
        return dir.isBlank() ? defaultStateDir(System.getenv(), System.getProperty("user.home")) : Path.of(dir);
    }

    /**
     * Where local state goes unless {@code state.dir} says otherwise: the XDG base directory for
     * state ({@code $XDG_STATE_HOME/rapport}, by default {@code ~/.local/state/rapport}). Not the
     * OS temp directory: it is cleared on reboot or by age (systemd-tmpfiles, tmpfs), which turns
     * every restart into a full restore from the changelogs, and it is shared by every user of the
     * machine. The Docker image sets {@code /var/lib/rapport} instead.
     */
    static Path defaultStateDir(Map<String, String> environment, String userHome) {
        String xdgState = environment.getOrDefault("XDG_STATE_HOME", "");
        // The XDG spec ignores a relative path here.
        if (!xdgState.isBlank() && Path.of(xdgState).isAbsolute()) {
            return Path.of(xdgState, "rapport");
        }
        return Path.of(userHome, ".local", "state", "rapport");
    }

    /** Raw Kafka client settings, without the {@code kafka.} prefix. */
    public Map<String, String> kafkaOverrides() {
        return kafka;
    }

    /**
     * Every setting as {@code key=value}, for the start-up log line; secrets show as
     * {@value SecretRedaction#MASK} (see {@link SecretRedaction}).
     */
    public String describe() {
        StringJoiner line = new StringJoiner(", ");
        values.forEach((setting, value) -> line.add(setting.key() + "=" + SecretRedaction.shown(setting.key(), value)));
        kafka.forEach((name, value) -> {
            String key = KafkaSettings.PREFIX + name;
            line.add(key + "=" + SecretRedaction.shown(key, value));
        });
        return line.toString();
    }

    /** The settings as {@link #describe()} shows them, secrets redacted. */
    @Override
    public String toString() {
        return "RapportConfig[" + describe() + "]";
    }

    /** A copy with some settings replaced (validated like any other layer). */
    public RapportConfig with(Map<String, String> overrides) {
        return new ConfigLoader().base(this).flags(overrides).load();
    }

    Map<Setting, String> values() {
        return values;
    }
}
