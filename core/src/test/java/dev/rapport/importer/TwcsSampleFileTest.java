package dev.rapport.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

import dev.rapport.schema.Direction;
import dev.rapport.schema.MessageEvent;
import dev.rapport.schema.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Kaggle sample (shared/data/twcs-sample.csv, outside the repository for licence reasons). Every
 * expected value below was worked out by reading the file, not by running the importer:
 *
 * <ul>
 *   <li>100 physical lines with CRLF endings: a header plus 93 records; 119276 (lines 38-40) and 119294
 *       (lines 58-62) have newlines inside their quoted text. Every row is well-formed and the 93 tweet ids are
 *       distinct, so 93 rows give 93 events and nothing is skipped.
 *   <li>inbound: 49 True, 44 False. The 44 outbound tweets have 13 authors, the 13 brands.
 *   <li>Following in_response_to_tweet_id gives 27 roots: 25 tweets with no in_response_to_tweet_id, plus
 *       119246 (answers 119247) and 119332 (answers 119334), whose parents are not in the file.
 *       So 68 rows name a parent, 66 of them a parent in the file.
 *   <li>Every conversation but one has an OUTBOUND tweet. 119237 is a lone customer tweet,
 *       "@AppleSupport causing the reply to be disregarded...": its brand comes from the handle.
 *   <li>Conversations per brand: AppleSupport 12 (119237, 119250, 119253, 119263, 119268, 119272, 119280,
 *       119292, 119294, 119299, 119301, 119326), Tesco 3 (119315, 119319, 119332), SpotifyCares 2 (119256,
 *       119283), and one each for ChaseSupport, VirginTrains, British_Airways, O2, comcastcares, sprintcare,
 *       SouthwestAir, Ask_Spectrum, HPSupport, UPSHelp: 12 + 3 + 2 + 10 = 27.
 *   <li>No two tweets share a created_at. The earliest is 119246 (Tue Oct 10 10:13:19), the latest 119288
 *       (Thu Oct 12 12:09:13).
 * </ul>
 */
class TwcsSampleFileTest {
    private static ImportResult result;
    private static Map<String, MessageEvent> byId;

    @BeforeAll
    static void importSample() throws IOException {
        result = new TwcsImporter().importFrom(sampleFile());
        byId = result.events().stream().collect(Collectors.toMap(MessageEvent::getEventId, Function.identity()));
    }

    static Path sampleFile() {
        Path path = Path.of(System.getProperty("rapport.twcs.sample", "../../shared/data/twcs-sample.csv"));
        if (!Files.isRegularFile(path)) {
            fail("TWCS sample file not found at " + path.toAbsolutePath().normalize()
                    + "; it lives in shared/data next to the repository, or pass -Drapport.twcs.sample=<path>");
        }
        return path;
    }

    @Test
    void countsRowsEventsAndConversations() {
        ImportSummary summary = result.summary();
        assertThat(summary.rowsRead()).isEqualTo(93);
        assertThat(summary.eventsProduced()).isEqualTo(93);
        assertThat(result.events()).hasSize(93);
        assertThat(summary.conversations()).isEqualTo(27);
        assertThat(result.events().stream().map(MessageEvent::getConversationId).distinct())
                .hasSize(27);
    }

    @Test
    void skipsNothing() {
        assertThat(result.summary().skippedRowsByReason()).isEmpty();
        assertThat(result.summary().skippedRowDetails()).isEmpty();
        assertThat(result.summary().conversationsSkipped()).isZero();
    }

    @Test
    void findsTheThirteenBrands() {
        assertThat(result.summary().brands())
                .containsExactly(
                        "AppleSupport",
                        "Ask_Spectrum",
                        "British_Airways",
                        "ChaseSupport",
                        "HPSupport",
                        "O2",
                        "SouthwestAir",
                        "SpotifyCares",
                        "Tesco",
                        "UPSHelp",
                        "VirginTrains",
                        "comcastcares",
                        "sprintcare");
    }

    @Test
    void countsConversationsPerBrand() {
        Map<String, Long> conversationsPerBrand = result.events().stream()
                .collect(Collectors.groupingBy(
                        MessageEvent::getBrandId,
                        Collectors.mapping(
                                MessageEvent::getConversationId,
                                Collectors.collectingAndThen(Collectors.toSet(), set -> (long) set.size()))));
        assertThat(conversationsPerBrand)
                .containsEntry("AppleSupport", 12L)
                .containsEntry("Tesco", 3L)
                .containsEntry("SpotifyCares", 2L)
                .containsEntry("UPSHelp", 1L)
                .hasSize(13);
    }

    @Test
    void takesTheBrandOfALoneCustomerTweetFromTheHandleInItsText() {
        assertThat(byId.get("119237"))
                .returns("AppleSupport", MessageEvent::getBrandId)
                .returns("119237", MessageEvent::getConversationId)
                .returns(Direction.INBOUND, MessageEvent::getDirection)
                .returns("105834", MessageEvent::getAuthorId)
                .returns(null, MessageEvent::getInReplyTo);
    }

    @Test
    void takesTheBrandFromTheAnsweringAccountRatherThanTheHandlesInTheRoot() {
        // Root 119256 mentions @76495 and @91226 (anonymised accounts); SpotifyCares answered with 119254.
        assertThat(eventsOf("119256"))
                .extracting(MessageEvent::getBrandId)
                .containsOnly("SpotifyCares")
                .hasSize(8);
    }

    @Test
    void resolvesTheRootOfASevenLevelThreadWhoseTopParentIsNotInTheFile() {
        // 119245 -> 119244 -> 119243 -> 119241 -> 119240 -> 119242 -> 119246 -> (119247, not in the file)
        assertThat(eventsOf("119246"))
                .extracting(MessageEvent::getEventId)
                .containsExactly("119246", "119242", "119240", "119241", "119243", "119244", "119245");
        assertThat(byId.get("119245").getInReplyTo()).isEqualTo("119244");
        assertThat(byId.get("119242").getInReplyTo()).isEqualTo("119246");
        assertThat(byId.get("119246").getInReplyTo()).isNull();
        assertThat(eventsOf("119246")).extracting(MessageEvent::getBrandId).containsOnly("VirginTrains");
    }

    @Test
    void keepsTwoCustomersOfOneThreadInOneConversation() {
        // 119329 (UPSHelp) answers 119330 (customer 105859), which answers the root 119331 (customer 105860).
        assertThat(eventsOf("119331"))
                .extracting(MessageEvent::getEventId, MessageEvent::getAuthorId)
                .containsExactly(tuple("119331", "105860"), tuple("119330", "105859"), tuple("119329", "UPSHelp"));
    }

    @Test
    void setsInReplyToOnlyWhenTheParentIsInTheFile() {
        assertThat(result.events())
                .filteredOn(event -> event.getInReplyTo() != null)
                .hasSize(66);
        assertThat(byId.get("119332").getInReplyTo())
                .as("parent 119334 is not in the file")
                .isNull();
        assertThat(byId.get("119333").getInReplyTo()).isEqualTo("119332");
        assertThat(result.events()).allSatisfy(event -> {
            if (event.getInReplyTo() != null) {
                assertThat(byId).containsKey(event.getInReplyTo());
            }
        });
    }

    @Test
    void mapsDirectionAuthorPlatformAndTime() {
        assertThat(result.events())
                .filteredOn(event -> event.getDirection() == Direction.INBOUND)
                .hasSize(49);
        assertThat(result.events()).extracting(MessageEvent::getPlatform).containsOnly(Platform.TWITTER);
        // 119238,ChaseSupport,False,Wed Oct 11 13:25:49 +0000 2017,...,,119239
        assertThat(byId.get("119238"))
                .returns(Direction.OUTBOUND, MessageEvent::getDirection)
                .returns("ChaseSupport", MessageEvent::getAuthorId)
                .returns("ChaseSupport", MessageEvent::getBrandId)
                .returns("119239", MessageEvent::getConversationId)
                .returns("119239", MessageEvent::getInReplyTo)
                .returns(Instant.parse("2017-10-11T13:25:49Z"), MessageEvent::getOccurredAt);
    }

    @Test
    void readsTheRowsAfterMultiLineTexts() {
        // 119294's text spans lines 58-62; the rows on either side are intact.
        assertThat(byId).containsKeys("119293", "119294", "119295", "119275", "119276", "119277");
        assertThat(byId.get("119294").getOccurredAt()).isEqualTo(Instant.parse("2017-10-11T07:03:47Z"));
    }

    @Test
    void ordersEventsByTime() {
        List<MessageEvent> events = result.events();
        assertThat(events).isSortedAccordingTo(Comparator.comparing(MessageEvent::getOccurredAt));
        assertThat(events.get(0).getEventId()).isEqualTo("119246");
        assertThat(events.get(0).getOccurredAt()).isEqualTo(Instant.parse("2017-10-10T10:13:19Z"));
        assertThat(events.get(92).getEventId()).isEqualTo("119288");
        assertThat(events.get(92).getOccurredAt()).isEqualTo(Instant.parse("2017-10-12T12:09:13Z"));
    }

    private static List<MessageEvent> eventsOf(String conversationId) {
        return result.events().stream()
                .filter(event -> event.getConversationId().equals(conversationId))
                .toList();
    }
}
