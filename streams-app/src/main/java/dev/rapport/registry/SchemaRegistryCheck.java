package dev.rapport.registry;

import dev.rapport.config.ConfigException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;

/**
 * Checks at start-up that the schema registry answers. Otherwise the first record to encode or
 * decode would find out, inside a stream thread, as a serialization error far from the setting.
 */
public final class SchemaRegistryCheck {
    private static final String SETTING = "setting 'schema.registry.url'";

    private SchemaRegistryCheck() {}

    /**
     * Lists the registry's subjects ({@code GET /subjects}); an in-process {@code mock://} registry
     * always answers.
     *
     * @throws ConfigException naming the setting when the registry cannot be reached or refuses
     */
    public static void verify(String url, Duration timeout) {
        if (url.strip().toLowerCase(Locale.ROOT).startsWith("mock://")) {
            return;
        }
        URI subjects = subjectsUri(url);
        String shown = withoutUserInfo(subjects);
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        HttpRequest request = HttpRequest.newBuilder(subjects).timeout(timeout)
                .header("Accept", HttpSchemaRegistryClient.CONTENT_TYPE).GET().build();
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (HttpTimeoutException e) {
            throw new ConfigException(SETTING + ": " + shown + " did not answer within " + inWords(timeout));
        } catch (IOException e) {
            throw new ConfigException(SETTING + ": cannot reach " + shown + " within " + inWords(timeout)
                    + " (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException(SETTING + ": interrupted while calling " + shown);
        }
        if (status != 200) {
            throw new ConfigException(SETTING + ": GET " + shown + " answered HTTP " + status
                    + (status == 401 || status == 403 ? " (authentication failed)" : "")
                    + "; is this a Confluent Schema Registry?");
        }
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
