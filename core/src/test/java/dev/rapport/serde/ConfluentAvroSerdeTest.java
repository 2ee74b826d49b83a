package dev.rapport.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.schema.AlertStatus;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.Direction;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.schema.MessageEvent;
import dev.rapport.schema.Platform;
import dev.rapport.schema.Severity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class ConfluentAvroSerdeTest {

    private static final String TOPIC = "rapport.messages";

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final ConfluentAvroSerde<MessageEvent> messages = ConfluentAvroSerde.of(registry, MessageEvent.class);

    @Test
    void roundTripsAMessageEvent() {
        MessageEvent event = message("e-1", "café ☕ reply", Instant.parse("2026-03-01T10:15:30.123Z"));

        assertThat(messages.decode(messages.encode(TOPIC, event))).isEqualTo(event);
    }

    @Test
    void roundTripsBrandWindowStats() {
        ConfluentAvroSerde<BrandWindowStats> serde = ConfluentAvroSerde.of(registry, BrandWindowStats.class);
        BrandWindowStats stats = BrandWindowStats.newBuilder()
                .setBrandId("acme")
                .setWindowStart(Instant.parse("2026-03-01T10:00:00Z"))
                .setWindowEnd(Instant.parse("2026-03-01T10:05:00Z"))
                .setInbound(42)
                .setOutbound(17)
                .setBroadcasts(3)
                .setResponses(14)
                .setResponseLatencyP50Ms(61_000L)
                .setResponseLatencyP90Ms(240_000L)
                .setResponseLatencyP99Ms(null)
                .setResponseLatencyMaxMs(901_000L)
                .setFirstResponses(9)
                .setFirstResponseP50Ms(45_000L)
                .setFirstResponseP90Ms(null)
                .setDepthReached(Map.of("1", 12L, "2", 5L, "5", 1L))
                .setNegativeLatencies(2)
                .build();

        assertThat(serde.decode(serde.encode("rapport.brand-stats", stats))).isEqualTo(stats);
    }

    @Test
    void roundTripsAnEngagementAlert() {
        ConfluentAvroSerde<EngagementAlert> serde = ConfluentAvroSerde.of(registry, EngagementAlert.class);
        EngagementAlert alert = EngagementAlert.newBuilder()
                .setAlertId("sla:acme:c-9")
                .setType(AlertType.SLA_BREACH)
                .setStatus(AlertStatus.FIRING)
                .setSeverity(Severity.CRITICAL)
                .setBrandId("acme")
                .setConversationId("c-9")
                .setEventId(null)
                .setPlatform(Platform.WHATSAPP)
                .setWindowStart(null)
                .setWindowEnd(Instant.parse("2026-03-01T10:05:00Z"))
                .setObservedValue(1_260.5)
                .setThreshold(900.0)
                .setDetectedAt(Instant.parse("2026-03-01T10:04:59.999Z"))
                .setEmittedAt(Instant.parse("2026-03-01T10:05:00.250Z"))
                .setMessage("acme has not answered c-9 for 21 min")
                .setLabels(Map.of("team", "care-eu"))
                .build();

        assertThat(serde.decode(serde.encode("rapport.alerts", alert))).isEqualTo(alert);
    }

    @Test
    void framesTheAvroBodyBehindTheMagicByteAndABigEndianSchemaId() {
        SchemaRegistry fixedId = new SchemaRegistry() {
            @Override
            public int register(String subject, Schema schema) {
                return 0x01020304;
            }

            @Override
            public Schema schemaById(int id) {
                return MessageEvent.getClassSchema();
            }
        };
        MessageEvent tiny = MessageEvent.newBuilder()
                .setEventId("e1")
                .setPlatform(Platform.TWITTER)
                .setBrandId("b")
                .setConversationId("c")
                .setDirection(Direction.OUTBOUND)
                .setAuthorId("a")
                .setInReplyTo("x")
                .setOccurredAt(Instant.ofEpochMilli(1000))
                .build();

        byte[] expected = {
            0x00, // magic byte
            0x01,
            0x02,
            0x03,
            0x04, // schema id 0x01020304, big-endian
            0x04,
            'e',
            '1', // eventId: length 2, zig-zag 4, then UTF-8
            0x00, // platform: TWITTER, enum index 0
            0x02,
            'b', // brandId: length 1, zig-zag 2
            0x02,
            'c', // conversationId
            0x02, // direction: OUTBOUND, enum index 1, zig-zag 2
            0x02,
            'a', // authorId
            0x02,
            0x02,
            'x', // inReplyTo: union branch 1 (string, zig-zag 2), then "x"
            (byte) 0xD0,
            0x0F // occurredAt 1000 ms: zig-zag 2000 = 0b1111_1010000, low 7 bits first
        };
        assertThat(new ConfluentAvroSerde<MessageEvent>(fixedId, MessageEvent.getClassSchema()).encode(TOPIC, tiny))
                .containsExactly(expected);
    }

    @Test
    void registersTheWriterSchemaUnderTheTopicValueSubject() {
        byte[] framed = messages.encode(TOPIC, message("e-1", null, Instant.EPOCH));

        assertThat(registry.subjects()).containsExactly("rapport.messages-value");
        assertThat(ConfluentWireFormat.schemaId(framed))
                .isEqualTo(registry.idOf("rapport.messages-value", 1).orElseThrow());
    }

    @Test
    void rejectsAnUnknownSchemaId() {
        byte[] body = withoutHeader(messages.encode(TOPIC, message("e-1", null, Instant.EPOCH)));

        assertFailure(ConfluentWireFormat.frame(99, body), DecodeFailure.UNKNOWN_SCHEMA_ID);
    }

    @Test
    void rejectsRecordsThatAreNotConfluentFramed() {
        byte[] framed = messages.encode(TOPIC, message("e-1", null, Instant.EPOCH));
        byte[] wrongMagic = framed.clone();
        wrongMagic[0] = 1;

        assertFailure(wrongMagic, DecodeFailure.NOT_CONFLUENT_FRAMED);
        assertFailure(new byte[] {0, 0, 0, 1}, DecodeFailure.NOT_CONFLUENT_FRAMED);
        assertFailure(new byte[0], DecodeFailure.NOT_CONFLUENT_FRAMED);
    }

    @Test
    void rejectsATruncatedBody() {
        byte[] framed = messages.encode(TOPIC, message("e-1", "e-0", Instant.EPOCH));

        assertFailure(Arrays.copyOf(framed, framed.length - 3), DecodeFailure.AVRO_DECODE_FAILED);
    }

    @Test
    void rejectsBytesLeftOverAfterTheRecord() {
        byte[] framed = messages.encode(TOPIC, message("e-1", null, Instant.EPOCH));

        assertFailure(Arrays.copyOf(framed, framed.length + 1), DecodeFailure.AVRO_DECODE_FAILED);
    }

    @Test
    void readsRecordsWrittenWithAnOlderSchemaVersion() throws IOException {
        Schema versionOne = new Schema.Parser().parse("""
                {"type": "record", "name": "MessageEvent", "namespace": "dev.rapport.schema", "fields": [
                  {"name": "eventId", "type": "string"},
                  {"name": "platform", "type": {"type": "enum", "name": "Platform",
                    "symbols": ["TWITTER", "INSTAGRAM", "FACEBOOK"]}},
                  {"name": "brandId", "type": "string"},
                  {"name": "conversationId", "type": "string"},
                  {"name": "direction", "type": {"type": "enum", "name": "Direction", "symbols": ["INBOUND", "OUTBOUND"]}},
                  {"name": "authorId", "type": "string"},
                  {"name": "occurredAt", "type": {"type": "long", "logicalType": "timestamp-millis"}}
                ]}""");
        int oldId = registry.register(SchemaRegistry.valueSubject(TOPIC), versionOne);
        int currentId = registry.register(SchemaRegistry.valueSubject(TOPIC), MessageEvent.getClassSchema());
        GenericRecord old = new GenericData.Record(versionOne);
        old.put("eventId", "e-7");
        old.put(
                "platform",
                new GenericData.EnumSymbol(versionOne.getField("platform").schema(), "FACEBOOK"));
        old.put("brandId", "acme");
        old.put("conversationId", "c-1");
        old.put(
                "direction",
                new GenericData.EnumSymbol(versionOne.getField("direction").schema(), "INBOUND"));
        old.put("authorId", "@customer");
        old.put("occurredAt", 1_700_000_000_000L);

        MessageEvent read = messages.decode(ConfluentWireFormat.frame(oldId, avroBinary(versionOne, old)));

        assertThat(oldId).isNotEqualTo(currentId);
        assertThat(read)
                .isEqualTo(MessageEvent.newBuilder()
                        .setEventId("e-7")
                        .setPlatform(Platform.FACEBOOK)
                        .setBrandId("acme")
                        .setConversationId("c-1")
                        .setDirection(Direction.INBOUND)
                        .setAuthorId("@customer")
                        .setInReplyTo(null)
                        .setOccurredAt(Instant.ofEpochMilli(1_700_000_000_000L))
                        .build());
    }

    private void assertFailure(byte[] framed, DecodeFailure failure) {
        assertThatThrownBy(() -> messages.decode(framed))
                .isInstanceOf(DecodeException.class)
                .satisfies(e -> assertThat(((DecodeException) e).failure()).isEqualTo(failure));
    }

    private static byte[] withoutHeader(byte[] framed) {
        return Arrays.copyOfRange(framed, ConfluentWireFormat.HEADER_SIZE, framed.length);
    }

    private static byte[] avroBinary(Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    static MessageEvent message(String eventId, String inReplyTo, Instant occurredAt) {
        return MessageEvent.newBuilder()
                .setEventId(eventId)
                .setPlatform(Platform.INSTAGRAM)
                .setBrandId("acme")
                .setConversationId("c-1")
                .setDirection(inReplyTo == null ? Direction.INBOUND : Direction.OUTBOUND)
                .setAuthorId(inReplyTo == null ? "@customer" : "@acme_care")
                .setInReplyTo(inReplyTo)
                .setOccurredAt(occurredAt)
                .build();
    }
}
