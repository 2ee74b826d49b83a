package dev.rapport.registry;

import dev.rapport.config.ConfigException;
import dev.rapport.config.RapportConfig;
import dev.rapport.config.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How {@link HttpSchemaRegistryClient} authenticates and secures its connections. Immutable: each
 * {@code with...} method returns a copy. {@link #toString()} never shows the password or token, so
 * the options can be logged with the rest of the configuration.
 */
public final class RegistryClientOptions {

    private static final RegistryClientOptions DEFAULTS = new RegistryClientOptions(null, null, null, null, null);

    private final String username;
    private final String password;
    private final String bearerToken;
    private final SSLContext sslContext;
    /** The setting the credentials came from, named when the registry refuses them; null if set in code. */
    private final String credentialsSetting;

    private RegistryClientOptions(
            String username, String password, String bearerToken, SSLContext sslContext, String credentialsSetting) {
        this.username = username;
        this.password = password;
        this.bearerToken = bearerToken;
        this.sslContext = sslContext;
        this.credentialsSetting = credentialsSetting;
    }

    /** No authentication, the JVM's default TLS settings. */
    public static RegistryClientOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The options the {@code schema.registry.*} settings describe: basic or bearer authentication,
     * and a trust store for an https registry (read only when the URL is https).
     *
     * @throws ConfigException naming the setting when the trust store cannot be read
     */
    public static RegistryClientOptions from(RapportConfig config) {
        RegistryClientOptions options = defaults();
        String userInfo = config.get(Setting.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO);
        String token = config.get(Setting.SCHEMA_REGISTRY_BEARER_AUTH_TOKEN);
        if (!userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            options = options.withBasicAuth(userInfo.substring(0, colon), userInfo.substring(colon + 1))
                    .credentialsFrom(Setting.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO);
        } else if (!token.isEmpty()) {
            options = options.withBearerAuth(token).credentialsFrom(Setting.SCHEMA_REGISTRY_BEARER_AUTH_TOKEN);
        }
        String location = config.get(Setting.SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION);
        if (!location.isEmpty()
                && config.schemaRegistryUrl().strip().toLowerCase(Locale.ROOT).startsWith("https://")) {
            options = options.withSslContext(trustingContext(
                    Path.of(location),
                    config.get(Setting.SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD),
                    config.get(Setting.SCHEMA_REGISTRY_SSL_TRUSTSTORE_TYPE)));
        }
        return options;
    }

    /** HTTP basic authentication, Confluent's {@code basic.auth.user.info} as two values. */
    public RegistryClientOptions withBasicAuth(String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.contains(":")) {
            // Basic auth joins the two with ':', so the registry would split such a name wrongly.
            throw new IllegalArgumentException("a basic-auth username cannot contain ':'");
        }
        if (bearerToken != null) {
            throw new IllegalArgumentException("basic authentication and a bearer token exclude each other");
        }
        return new RegistryClientOptions(username, password, null, sslContext, null);
    }

    /** A static bearer token, Confluent's {@code bearer.auth.token}. */
    public RegistryClientOptions withBearerAuth(String token) {
        Objects.requireNonNull(token, "token");
        if (username != null) {
            throw new IllegalArgumentException("basic authentication and a bearer token exclude each other");
        }
        return new RegistryClientOptions(null, null, token, sslContext, null);
    }

    /** TLS settings for https:// registries, e.g. a trust store holding a private CA. */
    public RegistryClientOptions withSslContext(SSLContext sslContext) {
        return new RegistryClientOptions(
                username, password, bearerToken, Objects.requireNonNull(sslContext, "sslContext"), credentialsSetting);
    }

    private RegistryClientOptions credentialsFrom(Setting setting) {
        return new RegistryClientOptions(username, password, bearerToken, sslContext, setting.key());
    }

    /** The value of the {@code Authorization} header, if basic or bearer authentication is configured. */
    public Optional<String> authorizationHeader() {
        if (bearerToken != null) {
            return Optional.of("Bearer " + bearerToken);
        }
        if (username == null) {
            return Optional.empty();
        }
        String token = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        return Optional.of("Basic " + token);
    }

    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    /** The setting the credentials came from (built by {@link #from}); empty without credentials or when set in code. */
    public Optional<String> credentialsSetting() {
        return Optional.ofNullable(credentialsSetting);
    }

    /**
     * What to tell a user whose request the registry answered 401 or 403: which credentials it
     * refused, or which settings would supply them.
     */
    String refusal(String url, int status) {
        if (authorizationHeader().isEmpty()) {
            return "setting '" + Setting.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO.key() + "' or '"
                    + Setting.SCHEMA_REGISTRY_BEARER_AUTH_TOKEN.key() + "' is needed: the registry at " + url
                    + " refused a request without credentials (HTTP " + status + ")";
        }
        String source = credentialsSetting != null
                ? "setting '" + credentialsSetting + "'"
                : bearerToken != null ? "bearer token" : "basic authentication";
        return source + ": the registry at " + url + " refused the credentials (HTTP " + status + ")";
    }

    @Override
    public String toString() {
        String auth =
                bearerToken != null ? "bearer ******" : username == null ? "none" : "basic " + username + ":******";
        return "RegistryClientOptions[auth=" + auth + ", sslContext="
                + (sslContext == null ? "JVM default" : "custom " + sslContext.getProtocol()) + "]";
    }

    /** A TLS context trusting the certificates of {@code location}; failures name the setting to fix. */
    private static SSLContext trustingContext(Path location, String password, String type) {
        String locationSetting = "setting '" + Setting.SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION.key() + "'";
        KeyStore trustStore;
        try (InputStream in = Files.newInputStream(location)) {
            trustStore = KeyStore.getInstance(type.toUpperCase(Locale.ROOT));
            trustStore.load(in, password.isEmpty() ? null : password.toCharArray());
        } catch (NoSuchFileException e) {
            throw new ConfigException(locationSetting + ": trust store " + location + " does not exist");
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new ConfigException("setting '" + Setting.SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD.key()
                        + "': it does not open the trust store " + location + " (wrong password)");
            }
            throw new ConfigException(locationSetting + ": cannot read " + location + " as a " + type + " trust store ("
                    + e.getMessage() + "; see also '" + Setting.SCHEMA_REGISTRY_SSL_TRUSTSTORE_TYPE.key() + "')");
        } catch (GeneralSecurityException e) {
            throw new ConfigException(locationSetting + ": cannot read " + location + " as a " + type + " trust store ("
                    + e.getMessage() + ")");
        }
        try {
            if (trustStore.size() == 0) {
                throw new ConfigException(locationSetting + ": trust store " + location + " holds no certificate"
                        + (password.isEmpty()
                                ? " readable without a password (is '"
                                        + Setting.SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD.key() + "' missing?)"
                                : ""));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigException(
                    locationSetting + ": " + location + " cannot serve as a trust store (" + e.getMessage() + ")");
        }
    }
}
