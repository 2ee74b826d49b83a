package dev.rapport.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rapport.importer.EventFormat;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.schema.MessageEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sample file through the topology, 1 h windows and a 1 h SLA. Expected values are worked
 * out by hand from the CSV rows (tweet ids and times quoted in the comments); the file's last
 * tweet is 119288 at 2017-10-12 12:09:13, where replay puts its end-of-input watermark.
 */
class SampleFileTest {
    private static final long SECOND = 1000;
    private TopologyHarness harness;

    @BeforeEach
    void replaySample() throws Exception {
        List<MessageEvent> events = EventFormat.fromCliName("twcs")
                .newImporter()
                .importFrom(SampleFile.path())
                .events();
        harness = new TopologyHarness(Duration.ofHours(1), Duration.ofHours(1));
        events.forEach(harness::send);
        harness.watermark(events.get(events.size() - 1).getOccurredAt().toEpochMilli());
    }

    @AfterEach
    void close() {
        harness.close();
    }

    private static long hour(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void chaseAnsweredItsOnlyCustomerInTwentyFiveMinutesForty() {
        // 119239 (105835, in, 13:00:09) <- 119238 (ChaseSupport, out, 13:25:49): 25:40 = 1,540 s.
        BrandWindowStats w = harness.window("ChaseSupport", hour("2017-10-11T13:00:00Z"));
        assertThat(w.getInbound()).isEqualTo(1);
        assertThat(w.getOutbound()).isEqualTo(1);
        assertThat(w.getBroadcasts()).isZero();
        assertThat(w.getResponses()).isEqualTo(1);
        assertThat(w.getResponseLatencyMaxMs()).isEqualTo(1_540 * SECOND);
        assertThat(w.getFirstResponses()).isEqualTo(1);
        assertThat(w.getDepthReached()).containsExactlyInAnyOrderEntriesOf(Map.of("1", 1L, "2", 1L));
        assertThat(harness.stats().keySet().stream().filter(k -> k.startsWith("ChaseSupport@")))
                .hasSize(1);
        assertThat(w.getAnsweredInTime()).isEqualTo(1);
        assertThat(w.getAnsweredWithinSla()).isEqualTo(1);
        assertThat(w.getResponseRate()).isEqualTo(1.0);
        assertThat(w.getSlaAttainment()).isEqualTo(1.0);
    }

    @Test
    void tescoBetweenOneAndTwoPm() {
        BrandWindowStats w = harness.window("Tesco", hour("2017-10-11T13:00:00Z"));
        // Inbound in 13:xx: 119310 13:31:06, 119309 13:33:43, 119319 13:36:32, 119318 13:43:09, 119321 13:48:39.
        assertThat(w.getInbound()).isEqualTo(5);
        // Outbound: 119311 13:28:34, 119308 13:33:07, 119332 13:34:06, 119317 13:42:19, 119320 13:45:00, 119322
        // 13:49:29.
        assertThat(w.getOutbound()).isEqualTo(6);
        // 119332 answers 119334, which is not in the file: no parent, a broadcast.
        assertThat(w.getBroadcasts()).isEqualTo(1);
        // Samples: 119311 answers 105855 waiting since 119313 12:29:52 -> 58:42 = 3,522 s;
        // 119308 - 119310 = 121 s; 119317 - 119319 = 347 s; 119320 - 119318 = 111 s; 119322 - 119321 = 50 s.
        // Sorted {50, 111, 121, 347, 3522}: p50 = rank 2 = 121 s, p90 = rank floor(3.6) = 3 = 347 s.
        assertThat(w.getResponses()).isEqualTo(5);
        assertThat(w.getResponseLatencyP50Ms()).isCloseTo(121 * SECOND, within(1_210L));
        assertThat(w.getResponseLatencyP90Ms()).isCloseTo(347 * SECOND, within(3_470L));
        assertThat(w.getResponseLatencyP99Ms()).isCloseTo(347 * SECOND, within(3_470L));
        assertThat(w.getResponseLatencyMaxMs()).isEqualTo(3_522 * SECOND);
        // 105855's first answer came at 12:17:02 (previous window); only 105856's (347 s) is first here.
        assertThat(w.getFirstResponses()).isEqualTo(1);
        assertThat(w.getFirstResponseP50Ms()).isCloseTo(347 * SECOND, within(3_470L));
        // 119315 thread reaches turns 4..7 (119311, 119310, 119308, 119309); 119319 thread turns 1..6;
        // 119332 starts a thread (turn 1).
        assertThat(w.getDepthReached())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("1", 2L, "2", 1L, "3", 1L, "4", 2L, "5", 2L, "6", 2L, "7", 1L));
    }

    @Test
    void tescosAnswersBetweenOneAndTwoPmAreAllInTimeAndWithinTheHour() {
        // The five samples above, the longest 58:42: every one within the 1 h SLA and the 24 h horizon.
        BrandWindowStats w = harness.window("Tesco", hour("2017-10-11T13:00:00Z"));
        assertThat(w.getAnsweredInTime()).isEqualTo(5);
        assertThat(w.getAnsweredWithinSla()).isEqualTo(5);
        // 119309 (13:33:43) is never answered, but its horizon (Oct 12 13:33:43) is after the last tweet.
        assertThat(w.getUnanswered()).isZero();
        assertThat(w.getResponseRate()).isEqualTo(1.0);
        assertThat(w.getSlaAttainment()).isEqualTo(1.0);
        // One account answers in this sample: all six outbound tweets are Tesco's.
        assertThat(w.getResponders()).isEqualTo(1);
        assertThat(w.getTopResponderShare()).isEqualTo(1.0);
        assertThat(w.getByPlatform()).containsOnlyKeys("TWITTER");
        assertThat(w.getByPlatform().get("TWITTER").getInbound()).isEqualTo(5);
        assertThat(w.getByPlatform().get("TWITTER").getOutbound()).isEqualTo(6);
    }

    @Test
    void appleSupportLeavesTwoCustomersUnansweredPastTheHorizon() {
        // 119250 (105838, Oct 11 05:33:17) is replied to only by another customer (119249, 105837, 07:37:27,
        // whom 119248 answers at 13:38:29); 119237 (105834, 06:55:44) has its reply 119236 outside the
        // file. Their 24 h horizons, Oct 12 05:33:17 and 06:55:44, come before the last tweet (12:09:13):
        // each is decided unanswered in the window of its horizon, which has no events.
        BrandWindowStats five = harness.window("AppleSupport", hour("2017-10-12T05:00:00Z"));
        BrandWindowStats six = harness.window("AppleSupport", hour("2017-10-12T06:00:00Z"));
        for (BrandWindowStats w : List.of(five, six)) {
            assertThat(w.getUnanswered()).isEqualTo(1);
            assertThat(w.getInbound() + w.getOutbound()).isZero();
            assertThat(w.getResponseRate()).isEqualTo(0.0);
        }
        assertThat(harness.stats().values().stream()
                        .mapToLong(BrandWindowStats::getUnanswered)
                        .sum())
                .isEqualTo(2);
    }

    @Test
    void tescoBreachesTheHourTwice() {
        // 119309 (13:33:43) is never answered and the data runs to the next day; 119333 (14:05:18)
        // is answered by 119335 at 15:38:07, after 1:32:49. 119313 waited 58:42: no breach.
        assertThat(harness.breaches())
                .filteredOn(a -> a.getBrandId().equals("Tesco"))
                .extracting(EngagementAlert::getEventId)
                .containsExactlyInAnyOrder("119309", "119333");
    }

    @Test
    void spotifyOvernightFollowUp() {
        // 119285 (105847, Oct 12 10:25:35) <- 119286 11:43:57 = 1:18:22 = 4,702 s, in the 11:00 window.
        BrandWindowStats w = harness.window("SpotifyCares", hour("2017-10-12T11:00:00Z"));
        assertThat(w.getResponses()).isEqualTo(1);
        assertThat(w.getResponseLatencyMaxMs()).isEqualTo(4_702 * SECOND);
        assertThat(w.getFirstResponses()).isZero();
        // 119283 thread: 119283, 119281, 119282, 119284 are turns 1..4 on Oct 11; 119285 is turn 5
        // (10:25, previous window), 119286 turn 6 (11:43).
        assertThat(w.getDepthReached()).containsExactlyInAnyOrderEntriesOf(Map.of("6", 1L));
        assertThat(harness.breaches())
                .filteredOn(a -> a.getBrandId().equals("SpotifyCares"))
                .extracting(EngagementAlert::getEventId)
                .contains("119285");
    }
}
