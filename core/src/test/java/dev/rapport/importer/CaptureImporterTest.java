package dev.rapport.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.schema.Direction;
import dev.rapport.schema.MessageEvent;
import dev.rapport.schema.Platform;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaptureImporterTest {
    private static final String QUESTION = """
            {"eventId":"e-1","platform":"INSTAGRAM","brandId":"acme","conversationId":"c-1","direction":"INBOUND",\
            "authorId":"cust-1","inReplyTo":null,"occurredAt":1700000000000}""";
    private static final String ANSWER = """
            {"eventId":"e-2","platform":"INSTAGRAM","brandId":"acme","conversationId":"c-1","direction":"OUTBOUND",\
            "authorId":"acme","inReplyTo":"e-1","occurredAt":1700000060000}""";

    @Test
    void readsTheMessageEventsAndCountsEveryOtherLineByReason() throws Exception {
        String capture = String.join(
                "\n",
                line("rapport.messages", "\"c-1\"", "[]", "\"schemaId\":1,\"value\":" + QUESTION),
                line("rapport.brand-stats", "\"acme@0\"", "[]", "\"schemaId\":2,\"value\":{\"brandId\":\"acme\"}"),
                line(
                        "rapport.messages",
                        "null",
                        "[{\"name\":\"rapport.control\",\"value\":\"watermark\"}]",
                        "\"value\":null"),
                line("rapport.messages", "\"c-9\"", "[]", "\"valueBase64\":\"aGVsbG8=\""),
                line(
                        "rapport.messages",
                        "\"c-9\"",
                        "[]",
                        "\"schemaId\":7,\"valueBase64\":\"AAAAAAcC\",\"valueError\":\"UNKNOWN_SCHEMA_ID: 7\""),
                line("rapport.messages", "\"c-9\"", "[]", "\"value\":null"),
                line("rapport.messages", "\"c-other\"", "[]", "\"schemaId\":1,\"value\":" + ANSWER),
                "",
                "{not json",
                line("rapport.messages", "\"c-1\"", "[]", "\"schemaId\":1,\"value\":" + ANSWER));

        ImportResult result = new CaptureImporter().importFrom(new StringReader(capture));

        assertThat(result.events())
                .containsExactly(
                        event("e-1", Direction.INBOUND, "cust-1", null, 1_700_000_000_000L),
                        event("e-2", Direction.OUTBOUND, "acme", "e-1", 1_700_000_060_000L));
        ImportSummary summary = result.summary();
        assertThat(summary.rowsRead()).isEqualTo(9);
        assertThat(summary.skippedRowsByReason())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        CaptureImporter.OTHER_TOPIC,
                        1L,
                        CaptureImporter.CONTROL_RECORD,
                        1L,
                        CaptureImporter.UNDECODED_VALUE,
                        2L,
                        CaptureImporter.NO_VALUE,
                        1L,
                        CaptureImporter.KEY_MISMATCH,
                        1L,
                        "malformed row: invalid JSON",
                        1L));
        assertThat(summary.skippedRowDetails())
                .extracting(SkippedRow::line)
                .containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 9L);
        assertThat(summary.conversations()).isEqualTo(1);
        assertThat(summary.brands()).containsExactly("acme");
    }

    @Test
    void readsItsOwnFixture() throws Exception {
        ImportResult result = EventFormat.fromCliName("capture")
                .newImporter()
                .importFrom(Path.of("src/test/resources/captures/demo-messages.jsonl"));

        assertThat(result.summary().rowsRead()).isEqualTo(90);
        assertThat(result.events()).hasSize(90);
    }

    private static String line(String topic, String key, String headers, String value) {
        return "{\"topic\":\"" + topic + "\",\"partition\":0,\"offset\":1,\"timestamp\":1700000000000,"
                + "\"timestampType\":\"CreateTime\",\"key\":" + key + ",\"headers\":" + headers + "," + value + "}";
    }

    private static MessageEvent event(String id, Direction direction, String author, String inReplyTo, long at) {
        return new MessageEvent(
                id, Platform.INSTAGRAM, "acme", "c-1", direction, author, inReplyTo, Instant.ofEpochMilli(at));
    }
}
