package dev.rapport.embedded;

import static dev.rapport.embedded.RegistryError.INCOMPATIBLE_SCHEMA;
import static dev.rapport.embedded.RegistryError.INTERNAL_ERROR;
import static dev.rapport.embedded.RegistryError.INVALID_SCHEMA;
import static dev.rapport.embedded.RegistryError.INVALID_VERSION;
import static dev.rapport.embedded.RegistryError.SCHEMA_NOT_FOUND;
import static dev.rapport.embedded.RegistryError.SUBJECT_NOT_FOUND;
import static dev.rapport.embedded.RegistryError.VERSION_NOT_FOUND;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.rapport.registry.HttpSchemaRegistryClient;
import dev.rapport.serde.InMemorySchemaRegistry;
import dev.rapport.serde.UnknownSchemaIdException;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * The subset of Confluent's Schema Registry REST API that serializers and operators use, over an
 * {@link InMemorySchemaRegistry}. Compatibility is Confluent's default, BACKWARD: a new version
 * must be able to read data written with the latest one.
 */
public final class SchemaRegistryRestHandler implements HttpHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    @FunctionalInterface
    private interface Endpoint {
        Object answer(List<String> pathParams, JsonNode body) throws RegistryError;
    }

    /** A method and a path template in which {@code *} matches one segment and becomes a parameter. */
    private record Route(String method, List<String> template, Endpoint endpoint) {
        Route(String method, String template, Endpoint endpoint) {
            this(method, List.of(template.split("/")), endpoint);
        }

        boolean matchesPath(List<String> path) {
            if (path.size() != template.size()) {
                return false;
            }
            return IntStream.range(0, path.size())
                    .allMatch(
                            i -> template.get(i).equals("*") || template.get(i).equals(path.get(i)));
        }

        List<String> params(List<String> path) {
            return IntStream.range(0, path.size())
                    .filter(i -> template.get(i).equals("*"))
                    .mapToObj(path::get)
                    .toList();
        }
    }

    private final InMemorySchemaRegistry registry;
    private final AtomicLong requestsServed = new AtomicLong();
    // Compatibility check and registration must be one step, or two racing versions could both pass.
    private final Object registrationLock = new Object();
    private final List<Route> routes = List.of(
            new Route("GET", "config", this::config),
            new Route("GET", "subjects", this::subjects),
            new Route("POST", "subjects/*", this::lookUp),
            new Route("GET", "subjects/*/versions", this::versionsOf),
            new Route("POST", "subjects/*/versions", this::register),
            new Route("GET", "subjects/*/versions/*", this::subjectVersion),
            new Route("GET", "schemas/ids/*", this::schemaById),
            new Route("GET", "schemas/ids/*/versions", this::subjectVersionsOfId),
            new Route("POST", "compatibility/subjects/*/versions/*", this::compatibility));

    public SchemaRegistryRestHandler(InMemorySchemaRegistry registry) {
        this.registry = registry;
    }

    long requestsServed() {
        return requestsServed.get();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        requestsServed.incrementAndGet();
        try {
            int status = 200;
            Object answer;
            try {
                answer = dispatch(exchange);
            } catch (RegistryError e) {
                status = e.httpStatus();
                answer = errorAnswer(e.errorCode(), e.getMessage());
            } catch (RuntimeException e) {
                status = 500;
                answer = errorAnswer(INTERNAL_ERROR, "Internal error: " + e);
            }
            byte[] json = JSON.writeValueAsBytes(answer);
            exchange.getResponseHeaders().set("Content-Type", HttpSchemaRegistryClient.CONTENT_TYPE);
            exchange.sendResponseHeaders(status, json.length);
            exchange.getResponseBody().write(json);
        } finally {
            exchange.close();
        }
    }

    private Object dispatch(HttpExchange exchange) throws RegistryError, IOException {
        List<String> path = pathSegments(exchange.getRequestURI().getRawPath());
        List<Route> onPath =
                routes.stream().filter(route -> route.matchesPath(path)).toList();
        if (onPath.isEmpty()) {
            throw new RegistryError(404, "HTTP 404 Not Found");
        }
        String method = exchange.getRequestMethod();
        Route route = onPath.stream()
                .filter(r -> r.method().equals(method))
                .findFirst()
                .orElseThrow(() -> new RegistryError(405, "HTTP 405 Method Not Allowed"));
        JsonNode body = method.equals("POST") ? readJson(exchange) : null;
        return route.endpoint().answer(route.params(path), body);
    }

    private static ObjectNode errorAnswer(int errorCode, String message) {
        return JSON.createObjectNode().put("error_code", errorCode).put("message", message);
    }

    private Object config(List<String> params, JsonNode body) {
        return Map.of("compatibilityLevel", "BACKWARD");
    }

    private Object subjects(List<String> params, JsonNode body) {
        return registry.subjects();
    }

    private Object lookUp(List<String> params, JsonNode body) throws RegistryError {
        String subject = params.get(0);
        List<Integer> ids = existingVersions(subject);
        Schema schema = schemaIn(body);
        int version = registry.idOf(schema).map(id -> ids.indexOf(id) + 1).orElse(0);
        if (version == 0) {
            throw new RegistryError(SCHEMA_NOT_FOUND, "Schema not found under subject '" + subject + "'");
        }
        return subjectVersionAnswer(subject, version, ids.get(version - 1));
    }

    private Object versionsOf(List<String> params, JsonNode body) throws RegistryError {
        int count = existingVersions(params.get(0)).size();
        return IntStream.rangeClosed(1, count).boxed().toList();
    }

    private Object register(List<String> params, JsonNode body) throws RegistryError {
        String subject = params.get(0);
        Schema schema = schemaIn(body);
        synchronized (registrationLock) {
            List<Integer> ids = registry.versions(subject);
            boolean alreadyInSubject =
                    registry.idOf(schema).filter(ids::contains).isPresent();
            if (!ids.isEmpty() && !alreadyInSubject) {
                Schema latest = registry.schemaById(ids.get(ids.size() - 1));
                if (!canRead(schema, latest)) {
                    throw new RegistryError(
                            INCOMPATIBLE_SCHEMA,
                            "Schema being registered is incompatible with an" + " earlier schema for subject '"
                                    + subject + "' (compatibility BACKWARD)");
                }
            }
            return Map.of("id", registry.register(subject, schema));
        }
    }

    private Object subjectVersion(List<String> params, JsonNode body) throws RegistryError {
        String subject = params.get(0);
        List<Integer> ids = existingVersions(subject);
        int version = resolveVersion(subject, params.get(1), ids);
        return subjectVersionAnswer(subject, version, ids.get(version - 1));
    }

    private Object schemaById(List<String> params, JsonNode body) throws RegistryError {
        return Map.of("schema", registry.schemaById(knownId(params.get(0))).toString());
    }

    private Object subjectVersionsOfId(List<String> params, JsonNode body) throws RegistryError {
        int id = knownId(params.get(0));
        List<Map<String, Object>> usages = new ArrayList<>();
        for (String subject : registry.subjects()) {
            int version = registry.versions(subject).indexOf(id) + 1;
            if (version > 0) {
                usages.add(Map.of("subject", subject, "version", version));
            }
        }
        return usages;
    }

    private Object compatibility(List<String> params, JsonNode body) throws RegistryError {
        String subject = params.get(0);
        List<Integer> ids = existingVersions(subject);
        int version = resolveVersion(subject, params.get(1), ids);
        Schema candidate = schemaIn(body);
        return Map.of("is_compatible", canRead(candidate, registry.schemaById(ids.get(version - 1))));
    }

    private static boolean canRead(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
                        .getType()
                == SchemaCompatibilityType.COMPATIBLE;
    }

    private ObjectNode subjectVersionAnswer(String subject, int version, int id) {
        return JSON.createObjectNode()
                .put("subject", subject)
                .put("version", version)
                .put("id", id)
                .put("schema", registry.schemaById(id).toString());
    }

    private List<Integer> existingVersions(String subject) throws RegistryError {
        List<Integer> ids = registry.versions(subject);
        if (ids.isEmpty()) {
            throw new RegistryError(SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
        }
        return ids;
    }

    private static int resolveVersion(String subject, String text, List<Integer> ids) throws RegistryError {
        // Confluent accepts -1 as a synonym of "latest".
        if (text.equals("latest") || text.equals("-1")) {
            return ids.size();
        }
        int version;
        try {
            version = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            version = 0;
        }
        if (version < 1) {
            throw new RegistryError(
                    INVALID_VERSION,
                    "The specified version '" + text + "' is not a valid version id."
                            + " Allowed values are between [1, 2^31-1] and the string \"latest\"");
        }
        if (version > ids.size()) {
            throw new RegistryError(
                    VERSION_NOT_FOUND, "Version " + version + " not found for subject '" + subject + "'.");
        }
        return version;
    }

    private int knownId(String idText) throws RegistryError {
        try {
            int id = Integer.parseInt(idText);
            registry.schemaById(id);
            return id;
        } catch (NumberFormatException | UnknownSchemaIdException e) {
            throw new RegistryError(SCHEMA_NOT_FOUND, "Schema " + idText + " not found");
        }
    }

    private static Schema schemaIn(JsonNode body) throws RegistryError {
        JsonNode text = body == null ? null : body.get("schema");
        if (text == null || !text.isTextual() || text.asText().isBlank()) {
            throw new RegistryError(INVALID_SCHEMA, "Invalid schema: the request has no \"schema\" string");
        }
        String schemaType = body.path("schemaType").asText("AVRO");
        if (!schemaType.equals("AVRO")) {
            throw new RegistryError(INVALID_SCHEMA, "Invalid schema: this registry only holds AVRO, not " + schemaType);
        }
        if (!body.path("references").isEmpty()) {
            throw new RegistryError(INVALID_SCHEMA, "Invalid schema: schema references are not supported");
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (AvroRuntimeException e) {
            throw new RegistryError(INVALID_SCHEMA, "Invalid schema: " + e.getMessage());
        }
    }

    private static JsonNode readJson(HttpExchange exchange) throws IOException, RegistryError {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        if (bytes.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new RegistryError(400, "Request body is not JSON: " + e.getOriginalMessage());
        }
    }

    /** Decodes each segment on its own, so a subject holding an encoded '/' stays one segment. */
    private static List<String> pathSegments(String rawPath) {
        return Arrays.stream(rawPath.split("/"))
                .filter(segment -> !segment.isEmpty())
                // A '+' is literal in a path; URLDecoder, written for forms, would turn it into a space.
                .map(segment -> URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8))
                .toList();
    }
}
