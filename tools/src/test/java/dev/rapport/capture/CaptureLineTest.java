package dev.rapport.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.Direction;
import dev.rapport.schema.MessageEvent;
import dev.rapport.schema.Platform;
import dev.rapport.serde.ConfluentAvroSerde;
import dev.rapport.serde.ConfluentWireFormat;
import dev.rapport.serde.InMemorySchemaRegistry;
import dev.rapport.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class CaptureLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MessageEvent QUESTION = MessageEvent.newBuilder()
            .setEventId("e-1")
            .setPlatform(Platform.WHATSAPP)
            .setBrandId("acme")
            .setConversationId("c-1")
            .setDirection(Direction.INBOUND)
            .setAuthorId("cust-1")
            .setInReplyTo(null)
            .setOccurredAt(Instant.ofEpochMilli(1_700_000_000_123L))
            .build();

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final Topics topics = new Topics(registry);

    @Test
    void messageEventsAreWrittenInTheJsonlFormWithRecordMetadata() throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", "abc".getBytes(StandardCharsets.UTF_8));
        headers.add("binary", new byte[] {(byte) 0xff, 0x00});
        headers.add("empty", null);
        byte[] value = topics.messageSerde().encode(Topics.MESSAGES, QUESTION);

        JsonNode line = messagesLine(record(Topics.MESSAGES, "c-1".getBytes(StandardCharsets.UTF_8), value, headers));

        // Re-read, as a reader of the file would, so numbers compare by value rather than by Java type.
        assertThat(JSON.readTree(line.toString()))
                .isEqualTo(JSON.readTree("""
                {"topic":"rapport.messages","partition":2,"offset":41,"timestamp":1700000000123,
                 "timestampType":"CreateTime","key":"c-1",
                 "headers":[{"name":"trace","value":"abc"},{"name":"binary","valueBase64":"/wA="},{"name":"empty","value":null}],
                 "schemaId":%d,
                 "value":{"eventId":"e-1","platform":"WHATSAPP","brandId":"acme","conversationId":"c-1","direction":"INBOUND",
                          "authorId":"cust-1","inReplyTo":null,"occurredAt":1700000000123}}
                """.formatted(ConfluentWireFormat.schemaId(value))));
    }

    @Test
    void keepsWhatDoesNotDecodeAsBase64() {
        byte[] notFramed = "plain text".getBytes(StandardCharsets.UTF_8);
        byte[] unknownSchema = ConfluentWireFormat.frame(999, new byte[] {2, 'x'});
        byte[] badKey = {(byte) 0xc3};

        JsonNode plain = messagesLine(record(Topics.MESSAGES, badKey, notFramed, new RecordHeaders()));
        JsonNode unknown = messagesLine(record(Topics.MESSAGES, null, unknownSchema, new RecordHeaders()));

        assertThat(plain.get("keyBase64").asText()).isEqualTo("ww==");
        assertThat(plain.has("key")).isFalse();
        assertThat(Base64.getDecoder().decode(plain.get("valueBase64").asText()))
                .isEqualTo(notFramed);
        assertThat(plain.has("value")).isFalse();
        assertThat(plain.has("schemaId")).isFalse();
        assertThat(unknown.get("key").isNull()).isTrue();
        assertThat(unknown.get("schemaId").asInt()).isEqualTo(999);
        assertThat(Base64.getDecoder().decode(unknown.get("valueBase64").asText()))
                .isEqualTo(unknownSchema);
        assertThat(unknown.get("valueError").asText()).startsWith("UNKNOWN_SCHEMA_ID");
    }

    @Test
    void otherTopicsAreWrittenInAvroJsonWithTheirWriterSchema() throws Exception {
        BrandWindowStats stats = BrandWindowStats.newBuilder()
                .setBrandId("acme")
                .setWindowStart(Instant.ofEpochMilli(0))
                .setWindowEnd(Instant.ofEpochMilli(3_600_000))
                .setInbound(3)
                .setOutbound(1)
                .setBroadcasts(0)
                .setResponses(1)
                .setResponseLatencyP50Ms(60_000L)
                .setResponseLatencyP90Ms(60_000L)
                .setResponseLatencyP99Ms(60_000L)
                .setResponseLatencyMaxMs(60_000L)
                .setFirstResponses(1)
                .setFirstResponseP50Ms(60_000L)
                .setFirstResponseP90Ms(null)
                .setDepthReached(Map.of("1", 1L))
                .setNegativeLatencies(0)
                .build();
        byte[] value = ConfluentAvroSerde.of(registry, BrandWindowStats.class).encode(Topics.BRAND_STATS, stats);

        JsonNode line = new CaptureLine(new GenericAvroDecoder(registry))
                .of(record(Topics.BRAND_STATS, "acme@0".getBytes(StandardCharsets.UTF_8), value, new RecordHeaders()));

        JsonNode json = line.get("value");
        assertThat(json.get("brandId").asText()).isEqualTo("acme");
        assertThat(json.get("windowEnd").asLong()).isEqualTo(3_600_000);
        assertThat(json.get("inbound").asLong()).isEqualTo(3);
        assertThat(json.get("responseLatencyP50Ms")).isEqualTo(JSON.readTree("{\"long\":60000}"));
        assertThat(json.get("firstResponseP90Ms").isNull()).isTrue();
        assertThat(json.get("depthReached")).isEqualTo(JSON.readTree("{\"1\":1}"));
    }

    private JsonNode messagesLine(ConsumerRecord<byte[], byte[]> record) {
        return new CaptureLine(new MessageEventDecoder(topics.messageSerde())).of(record);
    }

    private static ConsumerRecord<byte[], byte[]> record(
            String topic, byte[] key, byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>(
                topic,
                2,
                41,
                1_700_000_000_123L,
                TimestampType.CREATE_TIME,
                key == null ? -1 : key.length,
                value == null ? -1 : value.length,
                key,
                value,
                headers,
                Optional.empty());
    }
}
