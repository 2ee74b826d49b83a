package dev.rapport.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.schema.MessageEvent;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Feeds thousands of randomly damaged files (fixed seed, so a failure reproduces) to both importers. Whatever
 * the damage, an import must either succeed with every row accounted for and consistent events, or, for CSV
 * whose header was destroyed, fail with the documented {@link UnreadableInputException}.
 */
class ImporterFuzzTest {
    private static final long SEED = 20171011L;
    private static final int VARIATIONS = 2_000;

    private static final String BASE_CSV = String.join(
                    "\n",
                    ",tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id",
                    "0,1,cust1,True,Tue Oct 31 22:10:47 +0000 2017,\"@Acme my order, \"\"late\"\"\nagain\",2,",
                    "1,2,Acme,False,Tue Oct 31 22:11:47 +0000 2017,@cust1 sorry,3,1.0",
                    "2,3,cust1,TRUE,Tue Oct 31 22:12:47 +0000 2017,thanks,,2",
                    "3,4,cust2,true,Tue Oct 31 22:12:47 +0000 2017,hey @GLOBEX,,",
                    "4,5,Globex,false,Wed Nov 01 08:00:00 +0000 2017,@cust3 hi,,",
                    "5,6,cust3,True,Wed Nov 01 08:05:00 +0000 2017,@Globex ok,,5",
                    "6,7,cust4,True,Wed Nov 01 09:00:00 +0000 2017,no handle here,,",
                    "7,8,cust5,True,Wed Nov 01 09:01:00 +0000 2017,loop,,9",
                    "8,9,Acme,False,Wed Nov 01 09:02:00 +0000 2017,loop,,8",
                    "9,10,cust6,True,Wed Nov 01 09:03:00 +0000 2017,orphan,,99")
            + "\n";

    private static final String[] TOKENS = {
        "\"",
        ",",
        "\n",
        "\r\n",
        "\r",
        "@",
        "@Acme",
        ".0",
        "e9",
        "-",
        "\u0000",
        "\uFEFF",
        "\uD83D",
        "😡",
        "True",
        "FALSE",
        " ",
        "x",
        "{",
        "}",
        "[",
        ":",
        "null",
        "9999999999999999999999",
        "1e999999999",
        "\"occurredAt\"",
    };

    @Test
    void twcsImportAccountsForEveryRowOfDamagedFiles() {
        Random random = new Random(SEED);
        int imported = 0;
        long skippedRows = 0;
        for (int variation = 0; variation < VARIATIONS; variation++) {
            String csv = mutate(BASE_CSV, random);
            ImportResult result;
            try {
                result = new TwcsImporter().importFrom(new StringReader(csv));
            } catch (UnreadableInputException headerDestroyed) {
                continue;
            } catch (Exception | Error e) {
                throw new AssertionError("variation " + variation + " threw on:\n" + csv, e);
            }
            imported++;
            skippedRows += result.summary().skippedRows();
            assertTwcsResultConsistent(result, variation, csv);
        }
        // Guards against a fuzzer that only ever breaks the header, or never breaks a row.
        assertThat(imported).isGreaterThan(VARIATIONS / 2);
        assertThat(skippedRows).isPositive();
    }

    @Test
    void jsonlImportAccountsForEveryLineOfDamagedFiles() throws IOException {
        String baseJsonl =
                write(new TwcsImporter().importFrom(new StringReader(BASE_CSV)).events());
        Random random = new Random(SEED);
        long skippedRows = 0;
        for (int variation = 0; variation < VARIATIONS; variation++) {
            String jsonl = mutate(baseJsonl, random);
            ImportResult result;
            try {
                result = new JsonlImporter().importFrom(new StringReader(jsonl));
            } catch (Exception | Error e) {
                throw new AssertionError("variation " + variation + " threw on:\n" + jsonl, e);
            }
            skippedRows += result.summary().skippedRows();
            assertAccountedFor(result, variation, jsonl);
            assertThat(result.events()).allSatisfy(ImporterFuzzTest::assertComplete);
        }
        assertThat(skippedRows).isPositive();
    }

    private static void assertTwcsResultConsistent(ImportResult result, int variation, String csv) {
        assertAccountedFor(result, variation, csv);
        List<MessageEvent> events = result.events();
        assertThat(events).allSatisfy(ImporterFuzzTest::assertComplete);
        assertThat(events)
                .as("order, variation %d", variation)
                .isSortedAccordingTo(Comparator.comparing(MessageEvent::getOccurredAt)
                        .thenComparing(e -> Long.parseLong(e.getEventId())));
        Set<String> ids = events.stream().map(MessageEvent::getEventId).collect(Collectors.toSet());
        assertThat(ids).as("unique ids, variation %d", variation).hasSize(events.size());
        Map<String, String> brandOfConversation = new HashMap<>();
        for (MessageEvent event : events) {
            assertThat(ids)
                    .as("root and parent are events, variation %d:\n%s", variation, csv)
                    .contains(event.getConversationId());
            if (event.getInReplyTo() != null) {
                assertThat(ids).contains(event.getInReplyTo());
            }
            String brand = brandOfConversation.putIfAbsent(event.getConversationId(), event.getBrandId());
            assertThat(brand).as("one brand per conversation").isIn(null, event.getBrandId());
        }
        assertThat(result.summary().conversations()).isEqualTo(brandOfConversation.size());
        assertThat(result.summary().brands())
                .containsExactlyInAnyOrderElementsOf(Set.copyOf(brandOfConversation.values()));
    }

    private static void assertAccountedFor(ImportResult result, int variation, String input) {
        ImportSummary summary = result.summary();
        assertThat(summary.eventsProduced()).isEqualTo(result.events().size());
        assertThat(summary.rowsRead())
                .as("rows = events + skipped, variation %d:\n%s", variation, input)
                .isEqualTo(summary.eventsProduced() + summary.skippedRows());
        assertThat(summary.skippedRowDetails())
                .allSatisfy(skip -> assertThat(skip.line()).isPositive());
    }

    private static void assertComplete(MessageEvent event) {
        assertThat(Arrays.asList(
                        event.getEventId(),
                        event.getPlatform(),
                        event.getBrandId(),
                        event.getConversationId(),
                        event.getDirection(),
                        event.getAuthorId(),
                        event.getOccurredAt()))
                .doesNotContainNull();
    }

    /** One to four random edits: the kinds of damage hand-edited or badly exported files show. */
    private static String mutate(String base, Random random) {
        StringBuilder text = new StringBuilder(base);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits && text.length() > 0; i++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(6)) {
                case 0 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(5)));
                case 1 -> text.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                case 2 -> text.replace(at, Math.min(text.length(), at + 1), TOKENS[random.nextInt(TOKENS.length)]);
                case 3 -> text.setLength(at);
                case 4 -> text.replace(0, text.length(), shuffleTwoLines(text.toString(), random));
                default -> text.insert(lineStart(text, at), lineAt(text, at));
            }
        }
        return text.toString();
    }

    private static String shuffleTwoLines(String text, Random random) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        Collections.swap(lines, random.nextInt(lines.size()), random.nextInt(lines.size()));
        return String.join("\n", lines);
    }

    private static int lineStart(StringBuilder text, int at) {
        return text.lastIndexOf("\n", at) + 1;
    }

    private static String lineAt(StringBuilder text, int at) {
        int start = lineStart(text, at);
        int end = text.indexOf("\n", at);
        return end < 0 ? text.substring(start) + "\n" : text.substring(start, end + 1);
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
}
