package dev.rapport.registry;

import dev.rapport.config.ConfigException;
import dev.rapport.config.RapportConfig;
import dev.rapport.config.Setting;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertificateException;
import java.time.Duration;

/**
 * Checks at start-up that the schema registry answers, with the configured credentials and trust.
 * Otherwise the first record to encode or decode would find out, inside a stream thread, as a
 * serialization error far from the setting.
 */
public final class SchemaRegistryCheck {
    /** How long commands give the registry to answer the check. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final String SETTING = "setting '" + Setting.SCHEMA_REGISTRY_URL.key() + "'";

    private SchemaRegistryCheck() {}

    /**
     * Checks the registry of {@code schema.registry.url} with the {@code schema.registry.*}
     * credentials and trust store; a {@code mock://} registry always answers.
     *
     * @throws ConfigException naming the setting to fix when the registry cannot be reached, is not
     *     trusted, or refuses the credentials
     */
    public static void verify(RapportConfig config, Duration timeout) {
        if (SchemaRegistries.isInProcess(config.schemaRegistryUrl())) {
            return;
        }
        verify(config.schemaRegistryUrl(), RegistryClientOptions.from(config), timeout);
    }

    /** As {@link #verify(String, RegistryClientOptions, Duration)}, without credentials. */
    public static void verify(String url, Duration timeout) {
        verify(url, RegistryClientOptions.defaults(), timeout);
    }

    /**
     * Lists the registry's subjects ({@code GET /subjects}); an in-process {@code mock://} registry
     * always answers.
     *
     * @throws ConfigException naming the setting when the registry cannot be reached or refuses
     */
    public static void verify(String url, RegistryClientOptions options, Duration timeout) {
        if (SchemaRegistries.isInProcess(url)) {
            return;
        }
        URI subjects = subjectsUri(url);
        String shown = withoutUserInfo(subjects);
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(timeout);
        options.sslContext().ifPresent(client::sslContext);
        HttpRequest.Builder request = HttpRequest.newBuilder(subjects)
                .timeout(timeout)
                .header("Accept", HttpSchemaRegistryClient.CONTENT_TYPE)
                .GET();
        options.authorizationHeader().ifPresent(value -> request.header("Authorization", value));
        int status;
        try {
            status = client.build()
                    .send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (HttpTimeoutException e) {
            throw new ConfigException(SETTING + ": " + shown + " did not answer within " + inWords(timeout));
        } catch (IOException e) {
            CertificateException untrusted = certificateProblem(e);
            if (untrusted != null) {
                throw new ConfigException(untrustedMessage(shown, options, untrusted));
            }
            throw new ConfigException(SETTING + ": cannot reach " + shown + " within " + inWords(timeout) + " ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException(SETTING + ": interrupted while calling " + shown);
        }
        if (status == 401 || status == 403) {
            throw new ConfigException(options.refusal(shown, status));
        }
        if (status != 200) {
            throw new ConfigException(
                    SETTING + ": GET " + shown + " answered HTTP " + status + "; is this a Confluent Schema Registry?");
        }
    }

    /** The TLS handshake failed because the server's certificate is not trusted (or not for this host). */
    private static CertificateException certificateProblem(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateException certificate) {
                return certificate;
            }
        }
        return null;
    }

    private static String untrustedMessage(String shown, RegistryClientOptions options, CertificateException e) {
        String location = "'" + Setting.SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION.key() + "'";
        String by = options.sslContext().isPresent()
                ? "the trust store of setting " + location
                : "the JVM's default trust store (set " + location + " to a trust store holding the registry's CA)";
        return "setting " + location + ": the certificate of " + shown + " is not trusted by " + by + ": "
                + e.getMessage();
    }

    /** "10 s", or "500 ms" below a whole second. */
    private static String inWords(Duration timeout) {
        return timeout.toMillis() % 1_000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    private static URI subjectsUri(String url) {
        try {
            return URI.create(url.strip().replaceAll("/+$", "") + "/subjects");
        } catch (IllegalArgumentException e) {
            throw new ConfigException(SETTING + ": not a valid URL");
        }
    }

    /** Messages are logged: a password in the URL must not be. */
    private static String withoutUserInfo(URI uri) {
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (URISyntaxException e) {
            return uri.getScheme() + "://" + uri.getHost();
        }
    }
}
