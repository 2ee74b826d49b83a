package dev.rapport.registry;

import dev.rapport.config.RapportConfig;
import dev.rapport.serde.InMemorySchemaRegistry;
import dev.rapport.serde.SchemaRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a {@code schema.registry.url} into a {@link SchemaRegistry}. Like Confluent's serializers,
 * {@code mock://<scope>} names a registry living in this JVM that every serde configured with the
 * same scope shares, so producers and consumers in one process (tests, replay) agree on ids.
 */
public final class SchemaRegistries {

    private static final String MOCK_PREFIX = "mock://";
    private static final String ACCEPTED_FORMS = "mock://<scope>, http://host[:port] or https://host[:port]";
    private static final Map<String, InMemorySchemaRegistry> MOCK_SCOPES = new ConcurrentHashMap<>();

    private SchemaRegistries() {}

    /**
     * The registry {@code schema.registry.url} names, with the credentials and trust store of the
     * {@code schema.registry.*} settings ({@link RegistryClientOptions#from}) for an http(s) one.
     */
    public static SchemaRegistry forConfig(RapportConfig config) {
        String url = config.schemaRegistryUrl();
        return isInProcess(url) ? forUrl(url) : forUrl(url, RegistryClientOptions.from(config));
    }

    /** Whether {@code url} names a {@code mock://} registry, which lives in this JVM only. */
    public static boolean isInProcess(String url) {
        return url != null && url.strip().toLowerCase(Locale.ROOT).startsWith(MOCK_PREFIX);
    }

    public static SchemaRegistry forUrl(String url) {
        return forUrl(url, RegistryClientOptions.defaults());
    }

    /** As {@link #forUrl(String)}, with HTTP basic auth for http(s) registries. */
    public static SchemaRegistry forUrl(String url, String username, String password) {
        return forUrl(url, RegistryClientOptions.defaults().withBasicAuth(username, password));
    }

    /** As {@link #forUrl(String)}; {@code options} apply to http(s) registries only. */
    public static SchemaRegistry forUrl(String url, RegistryClientOptions options) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("schema registry URL is missing; expected " + ACCEPTED_FORMS);
        }
        String trimmed = url.strip();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith(MOCK_PREFIX)) {
            String scope = trimmed.substring(MOCK_PREFIX.length());
            if (scope.isEmpty()) {
                throw new IllegalArgumentException(
                        "schema registry URL " + url + " has no scope; expected " + ACCEPTED_FORMS);
            }
            return MOCK_SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistry());
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return new HttpSchemaRegistryClient(trimmed, options);
        }
        throw new IllegalArgumentException("unsupported schema registry URL " + url + "; expected " + ACCEPTED_FORMS);
    }
}
