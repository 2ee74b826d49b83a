package dev.rapport.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How {@link HttpSchemaRegistryClient} authenticates and secures its connections. Immutable: each
 * {@code with...} method returns a copy. {@link #toString()} never shows the password, so the
 * options can be logged with the rest of the configuration.
 */
public final class RegistryClientOptions {

    private static final RegistryClientOptions DEFAULTS = new RegistryClientOptions(null, null, null);

    private final String username;
    private final String password;
    private final SSLContext sslContext;

    private RegistryClientOptions(String username, String password, SSLContext sslContext) {
        this.username = username;
        this.password = password;
        this.sslContext = sslContext;
    }

    /** No authentication, the JVM's default TLS settings. */
    public static RegistryClientOptions defaults() {
        return DEFAULTS;
    }

    /** HTTP basic authentication, Confluent's {@code basic.auth.user.info} as two values. */
    public RegistryClientOptions withBasicAuth(String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.contains(":")) {
            // Basic auth joins the two with ':', so the registry would split such a name wrongly.
            throw new IllegalArgumentException("a basic-auth username cannot contain ':'");
        }
        return new RegistryClientOptions(username, password, sslContext);
    }

    /** TLS settings for https:// registries, e.g. a trust store holding a private CA. */
    public RegistryClientOptions withSslContext(SSLContext sslContext) {
        return new RegistryClientOptions(username, password, Objects.requireNonNull(sslContext, "sslContext"));
    }

    /** The value of the {@code Authorization} header, if basic auth is configured. */
    public Optional<String> authorizationHeader() {
        if (username == null) {
            return Optional.empty();
        }
        String token = Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(StandardCharsets.UTF_8));
        return Optional.of("Basic " + token);
    }

    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    @Override
    public String toString() {
        return "RegistryClientOptions[basicAuth=" + (username == null ? "none" : username + ":******")
                + ", sslContext=" + (sslContext == null ? "JVM default" : "custom " + sslContext.getProtocol()) + "]";
    }
}
