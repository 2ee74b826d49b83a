package dev.rapport.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.rapport.schema.Direction;
import dev.rapport.schema.MessageEvent;
import dev.rapport.schema.Platform;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonlImporterTest {
    private static final MessageEvent QUESTION = new MessageEvent(
            "1",
            Platform.INSTAGRAM,
            "acme",
            "1",
            Direction.INBOUND,
            "cust",
            null,
            Instant.parse("2017-10-31T22:10:47.123Z"));
    private static final MessageEvent ANSWER = new MessageEvent(
            "2",
            Platform.INSTAGRAM,
            "acme",
            "1",
            Direction.OUTBOUND,
            "acme",
            "1",
            Instant.parse("2017-10-31T22:12:00Z"));

    @Test
    void roundTripsEventsThroughTheWriter() throws IOException {
        List<MessageEvent> events = List.of(ANSWER, QUESTION);

        ImportResult result = importJsonl(write(events));

        assertThat(result.events()).containsExactlyElementsOf(events);
        assertThat(result.summary())
                .returns(2L, ImportSummary::rowsRead)
                .returns(2L, ImportSummary::eventsProduced)
                .returns(1L, ImportSummary::conversations)
                .returns(0L, ImportSummary::skippedRows);
        assertThat(result.summary().brands()).containsExactly("acme");
    }

    @Test
    void writesOneObjectPerLineWithTheAvroFieldNames() throws IOException {
        assertThat(write(List.of(QUESTION)))
                .isEqualTo("{\"eventId\":\"1\",\"platform\":\"INSTAGRAM\","
                        + "\"brandId\":\"acme\",\"conversationId\":\"1\",\"direction\":\"INBOUND\",\"authorId\":\"cust\","
                        + "\"inReplyTo\":null,\"occurredAt\":1509487847123}\n");
    }

    @Test
    void roundTripsTheTwcsSample() throws IOException {
        List<MessageEvent> events =
                new TwcsImporter().importFrom(TwcsSampleFileTest.sampleFile()).events();

        assertThat(importJsonl(write(events)).events()).containsExactlyElementsOf(events);
    }

    @Test
    void readsEpochMillisAndIsoInstants() throws IOException {
        ImportResult result = importJsonl(
                line("\"occurredAt\":1509487847000"),
                line("\"occurredAt\":\"2017-10-31T22:10:47Z\""),
                line("\"occurredAt\":\"2017-10-31T23:10:47.000+01:00\""),
                line("\"occurredAt\":\"2017-10-31T22:10:47.1239Z\""));

        assertThat(result.events())
                .extracting(MessageEvent::getOccurredAt)
                .containsExactly(
                        Instant.parse("2017-10-31T22:10:47Z"),
                        Instant.parse("2017-10-31T22:10:47Z"),
                        Instant.parse("2017-10-31T22:10:47Z"),
                        Instant.parse("2017-10-31T22:10:47.123Z"));
    }

    @Test
    void mapsAnUnknownPlatformToOther() throws IOException {
        ImportResult result = importJsonl(
                "{\"eventId\":\"1\",\"platform\":\"MASTODON\",\"brandId\":\"b\",\"conversationId\":\"1\","
                        + "\"direction\":\"INBOUND\",\"authorId\":\"a\",\"occurredAt\":0}",
                "{\"eventId\":\"2\",\"platform\":\"TIKTOK\",\"brandId\":\"b\",\"conversationId\":\"1\","
                        + "\"direction\":\"INBOUND\",\"authorId\":\"a\",\"occurredAt\":0}");

        assertThat(result.events())
                .extracting(MessageEvent::getPlatform)
                .containsExactly(Platform.OTHER, Platform.TIKTOK);
    }

    @Test
    void acceptsInReplyToNullOrAbsentAndIgnoresUnknownFields() throws IOException {
        ImportResult result =
                importJsonl(line("\"inReplyTo\":null"), line("\"inReplyTo\":\"7\""), line("\"sentiment\":0.5"));

        assertThat(result.events()).extracting(MessageEvent::getInReplyTo).containsExactly(null, "7", null);
    }

    @Test
    void keepsTheInputOrderEvenWhenItIsNotTimeOrder() throws IOException {
        ImportResult result = importJsonl(write(List.of(ANSWER, QUESTION)));

        assertThat(result.events()).extracting(MessageEvent::getEventId).containsExactly("2", "1");
    }

    @Test
    void skipsAndCountsBadLinesWithTheirLineNumbers() throws IOException {
        ImportResult result = importJsonl(
                line(""),
                "{\"eventId\":",
                "",
                line("\"direction\":\"SIDEWAYS\""),
                "   ",
                "[1,2]",
                "{\"platform\":\"TWITTER\",\"brandId\":\"b\",\"conversationId\":\"c\",\"direction\":\"INBOUND\","
                        + "\"authorId\":\"a\",\"occurredAt\":0}",
                line("\"occurredAt\":\"yesterday\""),
                line("\"eventId\":42"),
                line("") + " {}",
                line(""));

        ImportSummary summary = result.summary();
        assertThat(result.events()).hasSize(2);
        assertThat(summary.rowsRead()).as("blank lines 3 and 5 are not rows").isEqualTo(9);
        assertThat(summary.skippedRowDetails())
                .extracting(SkippedRow::line, SkippedRow::reason)
                .containsExactly(
                        tuple(2L, "malformed row: invalid JSON"),
                        tuple(4L, "malformed row: unknown direction"),
                        tuple(6L, "malformed row: not a JSON object"),
                        tuple(7L, "malformed row: missing eventId"),
                        tuple(8L, "malformed row: bad occurredAt"),
                        tuple(9L, "malformed row: bad eventId"),
                        tuple(10L, "malformed row: invalid JSON"));
        assertThat(summary.skippedRowsByReason())
                .containsEntry("malformed row: invalid JSON", 2L)
                .hasSize(6);
        assertThat(summary.skippedRowDetails().get(1).detail())
                .isEqualTo("line 4: 'SIDEWAYS' is neither INBOUND nor OUTBOUND");
    }

    @Test
    void refusesToWriteAnEventItCouldNotReadBack() {
        MessageEvent incomplete = MessageEvent.newBuilder(QUESTION).build();
        incomplete.setBrandId(null);

        assertThatThrownBy(() -> write(List.of(incomplete)))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("MessageEvent.brandId is null");
    }

    @Test
    void countsDistinctConversationsAndBrands() throws IOException {
        MessageEvent otherBrand = MessageEvent.newBuilder(QUESTION)
                .setEventId("3")
                .setConversationId("3")
                .setBrandId("globex")
                .build();

        ImportSummary summary =
                importJsonl(write(List.of(QUESTION, ANSWER, otherBrand))).summary();

        assertThat(summary.conversations()).isEqualTo(2);
        assertThat(summary.brands()).containsExactly("acme", "globex");
        assertThat(summary.skippedRowsByReason()).isEqualTo(Map.of());
    }

    /** A valid event line with {@code override} replacing or adding fields (later duplicates win in Jackson). */
    private static String line(String override) {
        return "{\"eventId\":\"1\",\"platform\":\"TWITTER\",\"brandId\":\"b\",\"conversationId\":\"c\","
                + "\"direction\":\"INBOUND\",\"authorId\":\"a\",\"occurredAt\":0"
                + (override.isEmpty() ? "" : "," + override) + "}";
    }

    private static String write(List<MessageEvent> events) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonlEventWriter writer = new JsonlEventWriter(out)) {
            for (MessageEvent event : events) {
                writer.write(event);
            }
        }
        return out.toString();
    }

    private static ImportResult importJsonl(String... lines) throws IOException {
        return new JsonlImporter().importFrom(new StringReader(String.join("\n", lines)));
    }
}
