package dev.rapport.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.rapport.schema.Direction;
import dev.rapport.schema.MessageEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TwcsImporterTest {
    private static final String HEADER =
            "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id";

    @Test
    void findsColumnsByNameBehindAnUnnamedIndexColumnAndIgnoresExtraColumns() throws IOException {
        ImportResult result = importCsv(
                ",in_response_to_tweet_id,text,lang,created_at,inbound,author_id,tweet_id",
                "0,,@Acme help,en,Tue Oct 31 22:10:47 +0000 2017,True,cust,1",
                "1,1,@cust sure,en,Tue Oct 31 22:11:00 +0000 2017,False,Acme,2");

        assertThat(result.events())
                .extracting(
                        MessageEvent::getEventId,
                        MessageEvent::getAuthorId,
                        MessageEvent::getDirection,
                        MessageEvent::getInReplyTo,
                        MessageEvent::getOccurredAt)
                .containsExactly(
                        tuple("1", "cust", Direction.INBOUND, null, Instant.parse("2017-10-31T22:10:47Z")),
                        tuple("2", "Acme", Direction.OUTBOUND, "1", Instant.parse("2017-10-31T22:11:00Z")));
    }

    @Test
    void readsIdsWrittenAsFloats() throws IOException {
        ImportResult result = importCsv(
                HEADER,
                "1.0,cust,True,Tue Oct 31 22:10:47 +0000 2017,@Acme hi,3.0,",
                "3.0,Acme,False,Tue Oct 31 22:11:47 +0000 2017,@cust hi,,1.0",
                "1.19237E5,cust,True,Tue Oct 31 22:12:47 +0000 2017,thanks,,3.000");

        assertThat(result.events())
                .extracting(MessageEvent::getEventId, MessageEvent::getConversationId, MessageEvent::getInReplyTo)
                .containsExactly(tuple("1", "1", null), tuple("3", "1", "1"), tuple("119237", "1", "3"));
    }

    @Test
    void rejectsIdsThatAreNotWholeNumbers() throws IOException {
        ImportResult result = importCsv(
                HEADER,
                "1,Acme,False,Tue Oct 31 22:10:47 +0000 2017,x,,",
                "2.5,Acme,False,Tue Oct 31 22:10:47 +0000 2017,x,,",
                "-3,Acme,False,Tue Oct 31 22:10:47 +0000 2017,x,,",
                "abc,Acme,False,Tue Oct 31 22:10:47 +0000 2017,x,,",
                "99999999999999999999,Acme,False,Tue Oct 31 22:10:47 +0000 2017,x,,",
                "6,Acme,False,Tue Oct 31 22:10:47 +0000 2017,x,,1.5");

        assertThat(result.events()).extracting(MessageEvent::getEventId).containsExactly("1");
        assertThat(result.summary().skippedRowsByReason())
                .containsExactly(
                        Map.entry("malformed row: bad in_response_to_tweet_id", 1L),
                        Map.entry("malformed row: bad tweet_id", 4L));
        assertThat(result.summary().skippedRowDetails())
                .extracting(SkippedRow::line)
                .containsExactly(3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void acceptsInboundInAnyCase() throws IOException {
        ImportResult result = importCsv(
                HEADER,
                "1,cust,TRUE,Tue Oct 31 22:10:47 +0000 2017,@Acme hi,,",
                "2,Acme,false,Tue Oct 31 22:11:47 +0000 2017,@cust hi,,1",
                "3,cust,tRuE,Tue Oct 31 22:12:47 +0000 2017,ok,,2",
                "4,cust,yes,Tue Oct 31 22:13:47 +0000 2017,ok,,3");

        assertThat(result.events())
                .extracting(MessageEvent::getDirection)
                .containsExactly(Direction.INBOUND, Direction.OUTBOUND, Direction.INBOUND);
        assertThat(result.summary().skippedRowDetails())
                .containsExactly(new SkippedRow(5, "malformed row: bad inbound", "line 5: 'yes' is not True/False"));
    }

    @Test
    void readsQuotedNewlinesQuotesAndCommasInTextAndCountsLinesAcrossThem() throws IOException {
        ImportResult result = importCsv(
                HEADER,
                "1,cust,True,Tue Oct 31 22:10:47 +0000 2017,"
                        + "\"first line, still @Acme\nsecond \"\"quoted\"\" line\n\nend\",,",
                "2,Acme,False,Tue Oct 31 22:11:47 +0000 2017,\"@cust \"\"ok\"\"\",,1",
                "3,cust,True,not a date,broken,,2");

        assertThat(result.events()).extracting(MessageEvent::getEventId).containsExactly("1", "2");
        // Row 1 spans lines 2-5, row 2 is line 6, so the broken row is on line 7.
        assertThat(result.summary().skippedRowDetails())
                .extracting(SkippedRow::line)
                .containsExactly(7L);
    }

    @Test
    void readsCrLfLineEndingsAndAByteOrderMark() throws IOException {
        ImportResult result = new TwcsImporter()
                .importFrom(new StringReader("\uFEFF" + HEADER + "\r\n"
                        + "1,cust,True,Tue Oct 31 22:10:47 +0000 2017,\"a\r\nb @Acme\",,\r\n"
                        + "2,Acme,False,Tue Oct 31 22:11:47 +0000 2017,hi,,1\r\n"
                        + "\r\n"
                        + "3,cust,True,Tue Oct 31 22:12:47 +0000 2017,hi,,x\r\n"));

        assertThat(result.events()).extracting(MessageEvent::getEventId).containsExactly("1", "2");
        assertThat(result.summary().rowsRead())
                .as("the blank line is not a row")
                .isEqualTo(3);
        assertThat(result.summary().skippedRowDetails())
                .extracting(SkippedRow::line)
                .containsExactly(6L);
    }

    @Test
    void givesAReplyLoopItsSmallestIdAsRoot() throws IOException {
        // 7 answers 5, 6 answers 7, 5 answers 6: a loop. 9 answers 7 and 10 answers 9 hang off it.
        ImportResult result = importCsv(
                HEADER,
                "7,Acme,False,Tue Oct 31 22:10:00 +0000 2017,x,,5",
                "9,cust,True,Tue Oct 31 22:11:00 +0000 2017,x,,7",
                "6,cust,True,Tue Oct 31 22:12:00 +0000 2017,x,,7",
                "5,cust,True,Tue Oct 31 22:13:00 +0000 2017,x,,6",
                "10,Acme,False,Tue Oct 31 22:14:00 +0000 2017,x,,9");

        assertThat(result.events())
                .extracting(
                        MessageEvent::getEventId,
                        MessageEvent::getConversationId,
                        MessageEvent::getInReplyTo,
                        MessageEvent::getBrandId)
                .containsExactly(
                        tuple("7", "5", "5", "Acme"),
                        tuple("9", "5", "7", "Acme"),
                        tuple("6", "5", "7", "Acme"),
                        tuple("5", "5", "6", "Acme"),
                        tuple("10", "5", "9", "Acme"));
        assertThat(result.summary().conversations()).isEqualTo(1);
    }

    @Test
    void treatsATweetAnsweringItselfAsItsOwnRoot() throws IOException {
        ImportResult result = importCsv(HEADER, "4,Acme,False,Tue Oct 31 22:10:00 +0000 2017,x,,4");

        assertThat(result.events())
                .extracting(MessageEvent::getConversationId, MessageEvent::getInReplyTo)
                .containsExactly(tuple("4", "4"));
    }

    @Test
    void breaksTimeTiesByNumericTweetId() throws IOException {
        // Same second everywhere. Numerically 9 < 10 < 11, although "10" < "11" < "9" as text; file order is
        // 11, 10, 9. The brand is the earliest OUTBOUND tweet by (time, id): 10 by BrandB, not 11 by BrandA.
        ImportResult result = importCsv(
                HEADER,
                "11,BrandA,False,Tue Oct 31 22:10:00 +0000 2017,x,,9",
                "10,BrandB,False,Tue Oct 31 22:10:00 +0000 2017,x,,9",
                "9,cust,True,Tue Oct 31 22:10:00 +0000 2017,@BrandA @BrandB,,");

        assertThat(result.events()).extracting(MessageEvent::getEventId).containsExactly("9", "10", "11");
        assertThat(result.events()).extracting(MessageEvent::getBrandId).containsOnly("BrandB");
    }

    @Test
    void takesTheBrandFromTheEarliestOutboundTweetNotTheFirstInTheFile() throws IOException {
        ImportResult result = importCsv(
                HEADER,
                "3,BrandA,False,Tue Oct 31 23:00:00 +0000 2017,x,,1",
                "2,BrandB,False,Tue Oct 31 22:30:00 +0000 2017,x,,1",
                "1,cust,True,Tue Oct 31 22:00:00 +0000 2017,@BrandA,,");

        assertThat(result.events()).extracting(MessageEvent::getBrandId).containsOnly("BrandB");
    }

    @Test
    void findsTheBrandThroughTheFirstMatchingHandleInTheRootIgnoringCase() throws IOException {
        ImportResult result = importCsv(
                HEADER,
                "1,Tesco,False,Tue Oct 31 22:00:00 +0000 2017,@cust hi,,",
                "2,AppleSupport,False,Tue Oct 31 22:00:01 +0000 2017,@cust hi,,",
                "3,cust,True,Tue Oct 31 22:00:02 +0000 2017,\"@friend look, @aPPLEsupport and @TESCO broke it\",,",
                "4,cust2,True,Tue Oct 31 22:00:03 +0000 2017,hey @TESCO!,,",
                "5,friend,True,Tue Oct 31 22:00:04 +0000 2017,same here,,4");

        Map<String, MessageEvent> byId = byId(result);
        assertThat(byId.get("3").getBrandId()).isEqualTo("AppleSupport");
        assertThat(byId.get("4").getBrandId()).isEqualTo("Tesco");
        assertThat(byId.get("5").getBrandId()).isEqualTo("Tesco");
        assertThat(result.summary().conversations()).isEqualTo(4);
    }

    @Test
    void skipsAndCountsAConversationWithoutBrand() throws IOException {
        // Conversation 2 has no OUTBOUND tweet; its root mentions nobody and an e-mail address is no mention.
        // The handle of a known brand in a reply (line 4) does not count: only the root addresses the brand.
        ImportResult result = importCsv(
                HEADER,
                "1,Acme,False,Tue Oct 31 22:00:00 +0000 2017,hello,,",
                "2,cust,True,Tue Oct 31 22:00:01 +0000 2017,write to me@Acme.com,,",
                "3,cust2,True,Tue Oct 31 22:00:02 +0000 2017,@Acme same,,2",
                "4,cust3,True,Tue Oct 31 22:00:03 +0000 2017,@nobody,,");

        ImportSummary summary = result.summary();
        assertThat(result.events()).extracting(MessageEvent::getEventId).containsExactly("1");
        assertThat(summary.rowsRead()).isEqualTo(4);
        assertThat(summary.skippedRowsByReason()).containsExactly(Map.entry(TwcsImporter.NO_BRAND, 3L));
        assertThat(summary.conversations()).isEqualTo(1);
        assertThat(summary.conversationsSkipped()).isEqualTo(2);
        assertThat(summary.skippedRowDetails()).extracting(SkippedRow::line).containsExactly(3L, 4L, 5L);
        assertThat(summary.skippedRowDetails().get(0).detail()).contains("conversation 2");
        assertThat(summary.brands()).containsExactly("Acme");
    }

    @Test
    void listsSkippedRowsInLineOrder() throws IOException {
        // The brandless conversation (line 2) is only known after reading; the bad row (line 3) while reading.
        ImportResult result = importCsv(
                HEADER,
                "1,cust,True,Tue Oct 31 22:10:47 +0000 2017,no handle,,",
                "2,cust,maybe,Tue Oct 31 22:10:47 +0000 2017,x,,");

        assertThat(result.summary().skippedRowDetails())
                .extracting(SkippedRow::line, SkippedRow::reason)
                .containsExactly(tuple(2L, TwcsImporter.NO_BRAND), tuple(3L, "malformed row: bad inbound"));
    }

    @Test
    void skipsAndCountsAMalformedDateWithItsLineAndImportsTheRest() throws IOException {
        ImportResult result = importCsv(
                HEADER,
                "1,cust,True,Tue Oct 31 22:10:47 +0000 2017,@Acme,,",
                "2,Acme,False,Tue Oct 32 22:11:47 +0000 2017,x,,1",
                "3,Acme,False,Wed Oct 31 22:11:47 +0000 2017,weekday does not match the date,,1",
                "4,Acme,False,Tue Oct 31 22:12:47 +0000 2017,x,,1");

        assertThat(result.events()).extracting(MessageEvent::getEventId).containsExactly("1", "4");
        assertThat(result.summary().skipped("malformed row: unparseable created_at"))
                .isEqualTo(2);
        assertThat(result.summary().skippedRowDetails())
                .containsExactly(
                        new SkippedRow(
                                3, "malformed row: unparseable created_at", "line 3: 'Tue Oct 32 22:11:47 +0000 2017'"),
                        new SkippedRow(
                                4,
                                "malformed row: unparseable created_at",
                                "line 4: 'Wed Oct 31 22:11:47 +0000 2017'"));
    }

    @Test
    void treatsTheParentOfAMalformedRowAsAbsent() throws IOException {
        ImportResult result =
                importCsv(HEADER, "1,cust,True,garbage,@Acme,,", "2,Acme,False,Tue Oct 31 22:11:47 +0000 2017,x,,1");

        assertThat(result.events())
                .extracting(MessageEvent::getEventId, MessageEvent::getConversationId, MessageEvent::getInReplyTo)
                .containsExactly(tuple("2", "2", null));
    }

    @Test
    void skipsRowsWithMissingValuesOrTooFewColumns() throws IOException {
        ImportResult result = importCsv(
                HEADER,
                ",cust,True,Tue Oct 31 22:10:47 +0000 2017,x,,",
                "2,,True,Tue Oct 31 22:10:47 +0000 2017,x,,",
                "3,cust,True,Tue Oct 31 22:10:47 +0000 2017",
                "4,Acme,False,Tue Oct 31 22:10:47 +0000 2017,x,,");

        assertThat(result.events()).extracting(MessageEvent::getEventId).containsExactly("4");
        assertThat(result.summary().skippedRowsByReason())
                .containsOnly(
                        Map.entry("malformed row: missing tweet_id", 1L),
                        Map.entry("malformed row: missing author_id", 1L),
                        Map.entry("malformed row: too few columns", 1L));
    }

    @Test
    void keepsTheFirstRowOfARepeatedTweetId() throws IOException {
        ImportResult result = importCsv(
                HEADER,
                "1,Acme,False,Tue Oct 31 22:10:47 +0000 2017,x,,",
                "1.0,Other,False,Tue Oct 31 22:09:47 +0000 2017,x,,");

        assertThat(result.events()).extracting(MessageEvent::getAuthorId).containsExactly("Acme");
        assertThat(result.summary().skippedRowDetails())
                .containsExactly(new SkippedRow(
                        3, TwcsImporter.DUPLICATE_TWEET_ID, "line 3: tweet_id 1 already appeared at line 2"));
    }

    @Test
    void reportsAQuotedFieldLeftOpenAtTheEnd() throws IOException {
        ImportResult result = importCsv(
                HEADER,
                "1,Acme,False,Tue Oct 31 22:10:47 +0000 2017,x,,",
                "2,Acme,False,Tue Oct 31 22:10:47 +0000 2017,\"never closed,,",
                "3,Acme,False,Tue Oct 31 22:10:47 +0000 2017,x,,");

        assertThat(result.events()).extracting(MessageEvent::getEventId).containsExactly("1");
        assertThat(result.summary().skippedRowDetails())
                .containsExactly(new SkippedRow(3, "malformed row: unterminated quoted field", "line 3"));
    }

    @Test
    void refusesAFileWithoutTheTwcsColumns() {
        assertThatThrownBy(() -> importCsv("id,user,text", "1,a,b"))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining("[tweet_id, author_id, inbound, created_at, in_response_to_tweet_id]");
        assertThatThrownBy(() -> new TwcsImporter().importFrom(new StringReader("")))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining("empty input");
    }

    @Test
    void replacesInvalidUtf8InAFileInsteadOfFailing(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("twcs.csv");
        byte[] invalidUtf8 = {(byte) 0xC3, (byte) 0x28};
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(
                    (HEADER + "\n1,cust,True,Tue Oct 31 22:10:47 +0000 2017,@Acme ").getBytes(StandardCharsets.UTF_8));
            out.write(invalidUtf8);
            out.write(",,\n2,Acme,False,Tue Oct 31 22:11:47 +0000 2017,x,,1\n".getBytes(StandardCharsets.UTF_8));
        }

        ImportResult result = new TwcsImporter().importFrom(file);

        assertThat(result.events()).extracting(MessageEvent::getEventId).containsExactly("1", "2");
    }

    @Test
    void passesOnReadFailures() {
        Reader failing = new Reader() {
            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                throw new IOException("disk gone");
            }

            @Override
            public void close() {}
        };
        assertThatThrownBy(() -> new TwcsImporter().importFrom(failing))
                .isInstanceOf(IOException.class)
                .hasMessage("disk gone");
    }

    private static ImportResult importCsv(String... lines) throws IOException {
        return new TwcsImporter().importFrom(new StringReader(String.join("\n", lines) + "\n"));
    }

    private static Map<String, MessageEvent> byId(ImportResult result) {
        return result.events().stream().collect(Collectors.toMap(MessageEvent::getEventId, Function.identity()));
    }
}
