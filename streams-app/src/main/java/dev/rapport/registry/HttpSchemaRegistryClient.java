package dev.rapport.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.serde.SchemaRegistry;
import dev.rapport.serde.SchemaRegistryException;
import dev.rapport.serde.UnknownSchemaIdException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the Confluent Schema Registry REST API, covering what the wire format needs:
 * registering a subject's schema and fetching a schema by id. Both answers are cached forever,
 * which is safe because the registry never changes the schema behind an id.
 *
 * <p>A registry that cannot be reached, or a proxy in front of it answering 502, 503 or 504, is
 * retried for up to {@link #DEFAULT_RETRY_WINDOW}: a running instance meets the registry whenever
 * it first writes or reads a schema (after its own restart, for a topic it had not written yet),
 * and a registry restart must not stop it. The stream thread waits meanwhile; under exactly-once
 * its transaction may time out, which Kafka Streams recovers from (the task is fenced, rejoins and
 * reprocesses from its last commit).
 */
public final class HttpSchemaRegistryClient implements SchemaRegistry {

    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final int SCHEMA_NOT_FOUND = 40403;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    // A stream thread waiting on a hung registry would stall its partitions without any error.
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_ERROR_BODY_CHARS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);

    /** Longer than a registry restart behind a proxy takes (47 s measured), within Kafka Streams' 5-minute poll interval. */
    public static final Duration DEFAULT_RETRY_WINDOW = Duration.ofMinutes(2);

    private static final Set<Integer> TRANSIENT_STATUSES = Set.of(502, 503, 504);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final String baseUrl;
    private final RegistryClientOptions options;
    private final Duration retryWindow;
    private final HttpClient http;
    private final Map<Registration, Integer> idsByRegistration = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    private record Registration(String subject, Schema schema) {}

    public HttpSchemaRegistryClient(String baseUrl) {
        this(baseUrl, RegistryClientOptions.defaults());
    }

    /**
     * @param baseUrl {@code http://host:port} or {@code https://host:port}, optionally with a path
     *     prefix; credentials go in {@code options}, never in the URL, because the URL appears in
     *     error messages
     */
    public HttpSchemaRegistryClient(String baseUrl, RegistryClientOptions options) {
        this(baseUrl, options, DEFAULT_RETRY_WINDOW);
    }

    /**
     * @param retryWindow how long an unreachable registry, or a 502, 503 or 504 answer, is retried
     *     before the call fails; zero: not retried
     */
    public HttpSchemaRegistryClient(String baseUrl, RegistryClientOptions options, Duration retryWindow) {
        if (retryWindow.isNegative()) {
            throw new IllegalArgumentException("retryWindow must not be negative, got " + retryWindow);
        }
        this.baseUrl = validatedBaseUrl(baseUrl);
        this.options = options;
        this.retryWindow = retryWindow;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
        options.sslContext().ifPresent(builder::sslContext);
        this.http = builder.build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public int register(String subject, Schema schema) {
        Registration registration = new Registration(subject, schema);
        Integer cached = idsByRegistration.get(registration);
        if (cached != null) {
            return cached;
        }
        String url = baseUrl + "/subjects/" + encodePathSegment(subject) + "/versions";
        HttpRequest request = requestTo(url)
                .header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(registrationBody(schema)))
                .build();
        JsonNode response = successBody(url, send(url, request));
        JsonNode id = response.get("id");
        if (id == null || !id.canConvertToInt()) {
            throw new SchemaRegistryException("POST " + url + " answered without a schema id: " + response);
        }
        idsByRegistration.put(registration, id.intValue());
        schemasById.putIfAbsent(id.intValue(), schema);
        return id.intValue();
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        String url = baseUrl + "/schemas/ids/" + id;
        HttpResponse<String> response = send(url, requestTo(url).GET().build());
        if (response.statusCode() == 404 && errorCode(response.body()) == SCHEMA_NOT_FOUND) {
            throw new UnknownSchemaIdException(id);
        }
        Schema schema = avroSchemaOf(url, successBody(url, response));
        Schema previous = schemasById.putIfAbsent(id, schema);
        return previous == null ? schema : previous;
    }

    @Override
    public String toString() {
        return "HttpSchemaRegistryClient[" + baseUrl + ", " + options + "]";
    }

    private HttpRequest.Builder requestTo(String url) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).header("Accept", CONTENT_TYPE);
        options.authorizationHeader().ifPresent(value -> builder.header("Authorization", value));
        return builder;
    }

    private HttpResponse<String> send(String url, HttpRequest request) {
        long started = System.nanoTime();
        long giveUp = started + retryWindow.toNanos();
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            String failure;
            try {
                HttpResponse<String> response =
                        http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (!TRANSIENT_STATUSES.contains(response.statusCode()) || System.nanoTime() >= giveUp) {
                    return response;
                }
                failure = "HTTP " + response.statusCode();
            } catch (SSLException e) {
                // Trust or protocol: a setting to fix, not a registry restart to wait out.
                throw new SchemaRegistryException("cannot reach the schema registry at " + url + ": " + e, e);
            } catch (IOException e) {
                if (System.nanoTime() >= giveUp) {
                    String tried = attempt == 1
                            ? ""
                            : " (" + attempt + " attempts over "
                                    + Duration.ofNanos(System.nanoTime() - started)
                                            .toSeconds() + " s)";
                    throw new SchemaRegistryException(
                            "cannot reach the schema registry at " + url + tried + ": " + e, e);
                }
                failure = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("interrupted while calling the schema registry at " + url, e);
            }
            if (attempt == 1) {
                LOG.warn("{} {}: {}; retrying for up to {} s", request.method(), url, failure, retryWindow.toSeconds());
            }
            try {
                Thread.sleep(Math.max(1, Math.min(backoff.toMillis(), (giveUp - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("interrupted while calling the schema registry at " + url, e);
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private JsonNode successBody(String url, HttpResponse<String> response) {
        String method = response.request().method();
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new SchemaRegistryException(
                    method + " " + url + ": " + options.refusal(baseUrl, response.statusCode()));
        }
        if (response.statusCode() / 100 != 2) {
            throw new SchemaRegistryException(method + " " + url + " failed with HTTP " + response.statusCode() + ": "
                    + registryMessage(response.body()));
        }
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException(
                    method + " " + url + " answered HTTP " + response.statusCode() + " with a body that is not JSON: "
                            + abbreviate(response.body()),
                    e);
        }
    }

    private static Schema avroSchemaOf(String url, JsonNode response) {
        String schemaType = response.path("schemaType").asText("AVRO");
        if (!schemaType.equals("AVRO")) {
            throw new SchemaRegistryException(url + " holds a " + schemaType + " schema, not an Avro one");
        }
        JsonNode text = response.get("schema");
        if (text == null || !text.isTextual()) {
            throw new SchemaRegistryException(url + " answered without a schema: " + abbreviate(response.toString()));
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(url + " answered a schema Avro cannot parse: " + e.getMessage(), e);
        }
    }

    private static String registrationBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    /** The registry's {@code error_code}, or -1 when the body is not a registry error. */
    private static int errorCode(String body) {
        try {
            return JSON.readTree(body).path("error_code").asInt(-1);
        } catch (JsonProcessingException e) {
            return -1;
        }
    }

    /** The registry's own explanation when it sent one, otherwise whatever a proxy answered. */
    private static String registryMessage(String body) {
        try {
            JsonNode error = JSON.readTree(body);
            if (error != null && error.hasNonNull("message")) {
                return error.get("message").asText() + " (error_code "
                        + error.path("error_code").asText("?") + ")";
            }
        } catch (JsonProcessingException e) {
            // Not JSON, e.g. an HTML page from a proxy: quoted below as it is.
        }
        return body.isBlank() ? "(empty body)" : abbreviate(body);
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_ERROR_BODY_CHARS ? text : text.substring(0, MAX_ERROR_BODY_CHARS) + "...";
    }

    /** Subjects may hold '/', '?', spaces...; URLEncoder targets forms, where a space is '+'. */
    static String encodePathSegment(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String validatedBaseUrl(String baseUrl) {
        URI uri;
        try {
            uri = new URI(baseUrl.strip());
        } catch (URISyntaxException e) {
            // getMessage() would quote the URL, which may hold a password.
            throw new IllegalArgumentException("schema registry URL is not a valid URI: " + e.getReason());
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(
                    "put schema registry credentials in RegistryClientOptions.withBasicAuth"
                            + " (setting 'schema.registry.basic.auth.user.info'), not in the URL (it is quoted in error messages)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "schema registry URL must be http://host[:port] or https://host[:port]," + " got " + baseUrl);
        }
        return uri.toString().replaceAll("/+$", "");
    }
}
