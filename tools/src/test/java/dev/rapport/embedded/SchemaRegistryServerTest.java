package dev.rapport.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The REST contract, spoken as a raw HTTP client would, without our client in between. */
class SchemaRegistryServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PING_V1 = """
            {"type":"record","name":"Ping","namespace":"dev.rapport.test","fields":[
              {"name":"id","type":"string"}]}""";
    // Adds a field with a default: can read v1 data, so BACKWARD compatible.
    private static final String PING_V2 = """
            {"type":"record","name":"Ping","namespace":"dev.rapport.test","fields":[
              {"name":"id","type":"string"},{"name":"hops","type":"int","default":0}]}""";
    // Adds a field without a default: cannot read v1 data.
    private static final String PING_INCOMPATIBLE = """
            {"type":"record","name":"Ping","namespace":"dev.rapport.test","fields":[
              {"name":"id","type":"string"},{"name":"hops","type":"int"}]}""";

    private final SchemaRegistryServer server = SchemaRegistryServer.start("127.0.0.1", 0);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void urlNamesTheBoundPort() {
        assertThat(server.url()).matches("http://127\\.0\\.0\\.1:\\d+").doesNotEndWith(":0");
    }

    @Test
    void registersIdempotentlyAndAnswersInTheRegistryContentType() throws Exception {
        Reply first = post("/subjects/pings-value/versions", schemaBody(PING_V1));
        Reply again = post("/subjects/pings-value/versions", schemaBody(PING_V1));

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(first.json().get("id").asInt()).isEqualTo(1);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(get("/subjects/pings-value/versions").json()).isEqualTo(json("[1]"));
    }

    @Test
    void givesAnIdenticalSchemaTheSameIdInEverySubject() throws Exception {
        int inPings = post("/subjects/pings-value/versions", schemaBody(PING_V1))
                .json()
                .get("id")
                .asInt();
        int inEchoes = post("/subjects/echoes-value/versions", schemaBody(PING_V1))
                .json()
                .get("id")
                .asInt();

        assertThat(inEchoes).isEqualTo(inPings);
        assertThat(get("/subjects").json()).isEqualTo(json("[\"echoes-value\", \"pings-value\"]"));
        assertThat(get("/schemas/ids/" + inPings + "/versions").json()).isEqualTo(json("""
                [{"subject": "echoes-value", "version": 1}, {"subject": "pings-value", "version": 1}]"""));
    }

    @Test
    void rejectsAnInvalidSchemaWith42201() throws Exception {
        Reply notAvro =
                post("/subjects/pings-value/versions", schemaBody("{\"type\": \"record\", \"name\": \"Ping\"}"));
        Reply noSchema = post("/subjects/pings-value/versions", "{}");
        Reply protobuf = post(
                "/subjects/pings-value/versions",
                "{\"schemaType\": \"PROTOBUF\", \"schema\": \"syntax = \\\"proto3\\\";\"}");

        for (Reply reply : new Reply[] {notAvro, noSchema, protobuf}) {
            assertThat(reply.status()).isEqualTo(422);
            assertThat(reply.json().get("error_code").asInt()).isEqualTo(42201);
            assertThat(reply.json().get("message").asText()).startsWith("Invalid schema");
        }
        assertThat(get("/subjects").json()).isEmpty();
    }

    @Test
    void rejectsAVersionThatCannotReadTheLatestWith409() throws Exception {
        post("/subjects/pings-value/versions", schemaBody(PING_V1));

        Reply rejected = post("/subjects/pings-value/versions", schemaBody(PING_INCOMPATIBLE));
        Reply accepted = post("/subjects/pings-value/versions", schemaBody(PING_V2));

        assertThat(rejected.status()).isEqualTo(409);
        assertThat(rejected.json().get("error_code").asInt()).isEqualTo(409);
        assertThat(accepted.json().get("id").asInt()).isEqualTo(2);
        assertThat(get("/subjects/pings-value/versions").json()).isEqualTo(json("[1, 2]"));
    }

    @Test
    void looksUpTheVersionOfASchemaInASubject() throws Exception {
        post("/subjects/pings-value/versions", schemaBody(PING_V1));
        post("/subjects/pings-value/versions", schemaBody(PING_V2));

        JsonNode found = post("/subjects/pings-value", schemaBody(PING_V2)).json();

        assertThat(found.get("subject").asText()).isEqualTo("pings-value");
        assertThat(found.get("version").asInt()).isEqualTo(2);
        assertThat(found.get("id").asInt()).isEqualTo(2);
        assertThat(parse(found.get("schema").asText())).isEqualTo(parse(PING_V2));
        assertError(post("/subjects/echoes-value", schemaBody(PING_V1)), 404, 40401);
        assertError(post("/subjects/pings-value", schemaBody(PING_INCOMPATIBLE)), 404, 40403);
    }

    @Test
    void servesSchemasById() throws Exception {
        int id = post("/subjects/pings-value/versions", schemaBody(PING_V1))
                .json()
                .get("id")
                .asInt();

        JsonNode answer = get("/schemas/ids/" + id).json();

        assertThat(parse(answer.get("schema").asText())).isEqualTo(parse(PING_V1));
        assertThat(answer.path("schemaType").asText("AVRO")).isEqualTo("AVRO");
        assertError(get("/schemas/ids/99"), 404, 40403);
        assertError(get("/schemas/ids/99/versions"), 404, 40403);
    }

    @Test
    void servesSubjectVersionsByNumberAndLatest() throws Exception {
        post("/subjects/pings-value/versions", schemaBody(PING_V1));
        post("/subjects/pings-value/versions", schemaBody(PING_V2));

        JsonNode first = get("/subjects/pings-value/versions/1").json();
        JsonNode latest = get("/subjects/pings-value/versions/latest").json();

        assertThat(first.get("version").asInt()).isEqualTo(1);
        assertThat(parse(first.get("schema").asText())).isEqualTo(parse(PING_V1));
        assertThat(latest.get("subject").asText()).isEqualTo("pings-value");
        assertThat(latest.get("version").asInt()).isEqualTo(2);
        assertThat(latest.get("id").asInt()).isEqualTo(2);
        assertThat(parse(latest.get("schema").asText())).isEqualTo(parse(PING_V2));
        assertError(get("/subjects/pings-value/versions/3"), 404, 40402);
        assertError(get("/subjects/pings-value/versions/newest"), 422, 42202);
        assertError(get("/subjects/echoes-value/versions/latest"), 404, 40401);
        assertError(get("/subjects/echoes-value/versions"), 404, 40401);
    }

    @Test
    void checksBackwardCompatibilityAgainstAVersion() throws Exception {
        post("/subjects/pings-value/versions", schemaBody(PING_V1));

        assertThat(post("/compatibility/subjects/pings-value/versions/latest", schemaBody(PING_V2))
                        .json())
                .isEqualTo(json("{\"is_compatible\": true}"));
        assertThat(post("/compatibility/subjects/pings-value/versions/1", schemaBody(PING_INCOMPATIBLE))
                        .json())
                .isEqualTo(json("{\"is_compatible\": false}"));
        assertError(post("/compatibility/subjects/echoes-value/versions/latest", schemaBody(PING_V2)), 404, 40401);
    }

    @Test
    void reportsBackwardAsTheGlobalCompatibilityLevel() throws Exception {
        assertThat(get("/config").json()).isEqualTo(json("{\"compatibilityLevel\": \"BACKWARD\"}"));
    }

    @Test
    void decodesEncodedSubjectNames() throws Exception {
        post("/subjects/team%20a%2Fpings%2Bv-value/versions", schemaBody(PING_V1));

        assertThat(server.registry().subjects()).containsExactly("team a/pings+v-value");
    }

    @Test
    void answersUnknownPathsAndMethodsInTheRegistryErrorFormat() throws Exception {
        assertError(get("/brokers"), 404, 404);
        assertError(get("/subjects/pings-value"), 405, 405);
        assertError(post("/subjects/pings-value/versions", "{not json"), 400, 400);
    }

    private static void assertError(Reply reply, int status, int errorCode) {
        assertThat(reply.status()).as("HTTP status").isEqualTo(status);
        assertThat(reply.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(reply.json().get("error_code").asInt()).as("error_code").isEqualTo(errorCode);
        assertThat(reply.json().get("message").asText()).isNotBlank();
    }

    private record Reply(int status, String contentType, JsonNode json) {}

    private Reply get(String path) throws IOException, InterruptedException {
        return exchange(HttpRequest.newBuilder(URI.create(server.url() + path)).GET());
    }

    private Reply post(String path, String body) throws IOException, InterruptedException {
        return exchange(HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Reply exchange(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                JSON.readTree(response.body()));
    }

    private static String schemaBody(String schema) {
        return JSON.createObjectNode().put("schema", schema).toString();
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    private static Schema parse(String schema) {
        return new Schema.Parser().parse(schema);
    }
}
