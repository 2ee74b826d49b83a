package dev.rapport.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.embedded.SchemaRegistryServer;
import dev.rapport.registry.HttpSchemaRegistryClient;
import dev.rapport.schema.Direction;
import dev.rapport.schema.MessageEvent;
import dev.rapport.schema.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks our Confluent wire format against Confluent's official JavaScript serde
 * ({@code @confluentinc/schemaregistry}, run by streams-app/src/test/node/interop.mjs), both ways,
 * through {@link SchemaRegistryServer}. Agreeing with ourselves would prove nothing.
 */
class ConfluentJavaScriptInteropTest {

    private static final Path NODE_PROJECT = Path.of("src/test/node").toAbsolutePath();
    private static final String HOW_TO_INSTALL = "install Node.js 20+ and run `npm ci` in " + NODE_PROJECT
            + " (the Maven build runs it in generate-test-resources unless -DskipTests is set)";
    private static final String TOPIC = "rapport.messages";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private static final List<MessageEvent> EVENTS = List.of(
            MessageEvent.newBuilder()
                    .setEventId("tw-1001")
                    .setPlatform(Platform.TWITTER)
                    .setBrandId("acme")
                    .setConversationId("tw-1001")
                    .setDirection(Direction.INBOUND)
                    .setAuthorId("@customer")
                    .setInReplyTo(null)
                    .setOccurredAt(Instant.parse("2026-03-01T10:15:30.123Z"))
                    .build(),
            MessageEvent.newBuilder()
                    .setEventId("tw-1002")
                    .setPlatform(Platform.TWITTER)
                    .setBrandId("acme")
                    .setConversationId("tw-1001")
                    .setDirection(Direction.OUTBOUND)
                    .setAuthorId("@acme_care")
                    .setInReplyTo("tw-1001")
                    .setOccurredAt(Instant.parse("2026-03-01T10:19:02.001Z"))
                    .build(),
            // Multi-byte UTF-8 and an early timestamp: string lengths count bytes, longs are zig-zag.
            MessageEvent.newBuilder()
                    .setEventId("wa-ü-☕")
                    .setPlatform(Platform.OTHER)
                    .setBrandId("café")
                    .setConversationId("wa-9")
                    .setDirection(Direction.INBOUND)
                    .setAuthorId("+33 6 00 00 00 00")
                    .setInReplyTo("wa-8")
                    .setOccurredAt(Instant.ofEpochMilli(-86_400_000L))
                    .build());

    private final SchemaRegistryServer server = SchemaRegistryServer.start("127.0.0.1", 0);

    @BeforeAll
    static void requireNodeAndTheOfficialSerde() {
        try {
            Process version = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            if (!version.waitFor(30, TimeUnit.SECONDS) || version.exitValue() != 0) {
                fail("`node --version` failed; " + HOW_TO_INSTALL);
            }
        } catch (IOException e) {
            fail("node is not on the PATH (" + e.getMessage() + "); " + HOW_TO_INSTALL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while looking for node");
        }
        if (!Files.isDirectory(NODE_PROJECT.resolve("node_modules/@confluentinc/schemaregistry"))) {
            fail("@confluentinc/schemaregistry is not installed; " + HOW_TO_INSTALL);
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void decodesWhatTheOfficialSerializerWrites() throws Exception {
        ObjectNode input = JSON.createObjectNode()
                .put("schema", MessageEvent.getClassSchema().toString());
        ArrayNode records = input.putArray("records");
        EVENTS.forEach(event -> records.add(javaScriptForm(event)));

        List<String> framesFromNode = runNode("serialize", input.toString());

        ConfluentAvroSerde<MessageEvent> serde = serde();
        int registeredId = server.registry().idOf("rapport.messages-value", 1).orElseThrow();
        assertThat(framesFromNode).hasSameSizeAs(EVENTS);
        for (int i = 0; i < EVENTS.size(); i++) {
            byte[] frame = HEX.parseHex(framesFromNode.get(i));
            assertThat(ConfluentWireFormat.schemaId(frame)).isEqualTo(registeredId);
            assertThat(serde.decode(frame)).isEqualTo(EVENTS.get(i));
            assertThat(HEX.formatHex(serde.encode(TOPIC, EVENTS.get(i))))
                    .as("our bytes for event %d", i)
                    .isEqualTo(framesFromNode.get(i));
        }
    }

    @Test
    void theOfficialDeserializerReadsWhatWeWrite() throws Exception {
        ConfluentAvroSerde<MessageEvent> serde = serde();
        StringBuilder frames = new StringBuilder();
        EVENTS.forEach(event ->
                frames.append(HEX.formatHex(serde.encode(TOPIC, event))).append('\n'));

        List<String> recordsFromNode = runNode("deserialize", frames.toString());

        assertThat(recordsFromNode).hasSameSizeAs(EVENTS);
        for (int i = 0; i < EVENTS.size(); i++) {
            JsonNode decoded = JSON.readTree(recordsFromNode.get(i));
            // Re-read so numbers compare by value, not by the Java type Jackson happened to pick.
            assertThat(decoded)
                    .isEqualTo(JSON.readTree(javaScriptForm(EVENTS.get(i)).toString()));
        }
    }

    private ConfluentAvroSerde<MessageEvent> serde() {
        return ConfluentAvroSerde.of(new HttpSchemaRegistryClient(server.url()), MessageEvent.class);
    }

    /** The record as avsc represents it; see interop.mjs for why timestamps stay numbers. */
    private static ObjectNode javaScriptForm(MessageEvent event) {
        ObjectNode json = JSON.createObjectNode()
                .put("eventId", event.getEventId())
                .put("platform", event.getPlatform().name())
                .put("brandId", event.getBrandId())
                .put("conversationId", event.getConversationId())
                .put("direction", event.getDirection().name())
                .put("authorId", event.getAuthorId())
                .put("inReplyTo", event.getInReplyTo())
                .put("occurredAt", event.getOccurredAt().toEpochMilli());
        assertThat(json.size())
                .as("fields covered")
                .isEqualTo(MessageEvent.getClassSchema().getFields().size());
        return json;
    }

    private List<String> runNode(String mode, String stdin) throws IOException, InterruptedException {
        Process node = new ProcessBuilder("node", "interop.mjs", server.url(), mode)
                .directory(NODE_PROJECT.toFile())
                .start();
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readFully(node.getErrorStream()));
        try (var in = node.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String stdout = readFully(node.getInputStream());
        if (!node.waitFor(60, TimeUnit.SECONDS)) {
            node.destroyForcibly();
            fail("node interop.mjs " + mode + " did not finish within 60 s");
        }
        if (node.exitValue() != 0) {
            fail("node interop.mjs " + mode + " exited with " + node.exitValue() + ":\n" + stderr.join());
        }
        return stdout.lines().toList();
    }

    private static String readFully(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
