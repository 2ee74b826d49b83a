package dev.rapport.topology;

import static dev.rapport.topology.Events.BRAND;
import static dev.rapport.topology.Events.at;
import static dev.rapport.topology.Events.inbound;
import static dev.rapport.topology.Events.outbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.MessageEvent;
import dev.rapport.stats.StatsKey;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each rule of the metric spec (docs/metrics.md, "Definitions") on hand-built conversations. Times
 * are minutes after 10:00; windows are 1 h, so window W0 = [10:00, 11:00), W1 = [11:00, 12:00).
 */
class MetricSpecTest {
    private static final long W0 = at(0);
    private static final long W1 = at(60);
    private static final long MINUTE = 60_000;

    private final TopologyHarness harness = new TopologyHarness(Duration.ofHours(1), Duration.ofHours(1));

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void answeredQuestionGivesOneLatencyAndFirstResponseSampleAndReachesDepthTwo() {
        harness.send(inbound("c1", "q", "alice", 0, null), outbound("c1", "a", 10, "q"));

        BrandWindowStats w = harness.window(BRAND, W0);
        assertThat(w.getInbound()).isEqualTo(1);
        assertThat(w.getOutbound()).isEqualTo(1);
        assertThat(w.getBroadcasts()).isZero();
        assertThat(w.getResponses()).isEqualTo(1);
        assertThat(w.getResponseLatencyMaxMs()).isEqualTo(10 * MINUTE);
        assertThat(w.getResponseLatencyP50Ms()).isCloseTo(10 * MINUTE, within(6_000L));
        assertThat(w.getFirstResponses()).isEqualTo(1);
        assertThat(w.getFirstResponseP50Ms()).isCloseTo(10 * MINUTE, within(6_000L));
        // q has turn 1 (depth 1 reached), a answers an INBOUND parent: turn 2.
        assertThat(w.getDepthReached()).containsExactlyInAnyOrderEntriesOf(Map.of("1", 1L, "2", 1L));
        assertThat(w.getWindowStart().toEpochMilli()).isEqualTo(W0);
        assertThat(w.getWindowEnd().toEpochMilli()).isEqualTo(W1);
    }

    @Test
    void waitStartsAtTheOldestUnansweredMessageAndOnlyTheFirstAnswerCounts() {
        harness.send(
                inbound("c1", "q1", "alice", 0, null),
                inbound("c1", "q2", "alice", 5, "q1"), // same customer again: the clock keeps running from 0
                outbound("c1", "a1", 20, "q2"), // answers alice: 20 min
                outbound("c1", "a2", 25, "q2")); // double reply: nothing left to answer

        BrandWindowStats w = harness.window(BRAND, W0);
        assertThat(w.getResponses()).isEqualTo(1);
        assertThat(w.getResponseLatencyMaxMs()).isEqualTo(20 * MINUTE);
        assertThat(w.getFirstResponses()).isEqualTo(1);
        assertThat(w.getOutbound()).isEqualTo(2);
        assertThat(w.getBroadcasts()).isZero();
    }

    @Test
    void replyToAnInboundMessageAnswersOnlyThatMessagesAuthor() {
        harness.send(
                inbound("c1", "q1", "alice", 0, null),
                inbound("c1", "q2", "bob", 2, "q1"), // bob joins alice's thread
                outbound("c1", "a1", 10, "q2")); // answers bob only: 8 min

        BrandWindowStats w = harness.window(BRAND, W0);
        assertThat(w.getResponses()).isEqualTo(1);
        assertThat(w.getResponseLatencyMaxMs()).isEqualTo(8 * MINUTE);
    }

    @Test
    void brandReplyingToItselfOrToNothingAnswersEveryOpenWait() {
        harness.send(
                inbound("c1", "q1", "alice", 0, null),
                inbound("c1", "q2", "bob", 2, "q1"),
                outbound("c1", "a1", 10, "q2"), // bob: 8 min (turn 2)
                inbound("c1", "q3", "carol", 12, "q1"), // carol: turn 1 -> 1+1 = 2
                outbound("c1", "a2", 15, "a1")); // parent OUTBOUND: answers alice (15) and carol (3)

        BrandWindowStats w = harness.window(BRAND, W0);
        assertThat(w.getResponses()).isEqualTo(3);
        assertThat(w.getFirstResponses()).isEqualTo(3);
        assertThat(w.getResponseLatencyMaxMs()).isEqualTo(15 * MINUTE);
        assertThat(w.getBroadcasts()).isZero();
        // a2 replies to a1 (same direction): same turn 2, so no depth 3.
        assertThat(w.getDepthReached()).containsExactlyInAnyOrderEntriesOf(Map.of("1", 1L, "2", 1L));
    }

    @Test
    void outboundWithoutParentIsABroadcastAndAnswersOpenWaitsInItsConversation() {
        harness.send(
                outbound("news", "b1", 0, null), // broadcast to nobody
                inbound("c2", "q", "dave", 1, null),
                outbound("c2", "b2", 4, "unknown-id")); // parent not seen: no parent, a broadcast that answers dave

        BrandWindowStats w = harness.window(BRAND, W0);
        assertThat(w.getBroadcasts()).isEqualTo(2);
        assertThat(w.getResponses()).isEqualTo(1);
        assertThat(w.getResponseLatencyMaxMs()).isEqualTo(3 * MINUTE);
        // news: b1 turn 1. c2: q turn 1, b2 has no parent -> turn 1. Two conversations at depth 1, none deeper.
        assertThat(w.getDepthReached()).containsExactlyInAnyOrderEntriesOf(Map.of("1", 2L));
    }

    @Test
    void negativeLatencyIsDiscardedCountedAndEndsTheWait() {
        harness.send(
                inbound("c1", "q", "alice", 10, null),
                outbound("c1", "a", 7, "q"), // timed 3 min before the question
                outbound("c1", "a2", 20, null)); // nothing open any more

        BrandWindowStats w = harness.window(BRAND, W0);
        assertThat(w.getResponses()).isZero();
        assertThat(w.getFirstResponses()).isZero();
        assertThat(w.getNegativeLatencies()).isEqualTo(1);
        assertThat(w.getResponseLatencyP50Ms()).isNull();
        assertThat(w.getResponseLatencyMaxMs()).isNull();
        assertThat(w.getFirstResponseP50Ms()).isNull();
    }

    @Test
    void samplesLandInTheWindowOfTheAnsweringEventAndWindowsAreHalfOpen() {
        harness.send(
                inbound("c1", "q", "alice", 50, null), // W0
                outbound("c1", "a", 60, "q"), // exactly 11:00: W1, latency 10 min
                inbound("c1", "q2", "alice", 59.99, "a")); // late-ish but in W0 and within grace

        BrandWindowStats w0 = harness.window(BRAND, W0);
        BrandWindowStats w1 = harness.window(BRAND, W1);
        assertThat(w0.getInbound()).isEqualTo(2);
        assertThat(w0.getOutbound()).isZero();
        assertThat(w0.getResponses()).isZero();
        assertThat(w0.getDepthReached()).containsExactlyInAnyOrderEntriesOf(Map.of("1", 1L, "3", 1L));
        assertThat(w1.getOutbound()).isEqualTo(1);
        assertThat(w1.getResponses()).isEqualTo(1);
        assertThat(w1.getResponseLatencyMaxMs()).isEqualTo(10 * MINUTE);
        assertThat(w1.getDepthReached()).containsExactlyInAnyOrderEntriesOf(Map.of("2", 1L));
    }

    @Test
    void depthIsCountedOncePerConversationInTheWindowWhereItIsReached() {
        harness.send(
                inbound("c1", "m1", "alice", 0, null), // turn 1
                outbound("c1", "m2", 5, "m1"), // turn 2
                inbound("c1", "m3", "alice", 10, "m2"), // turn 3
                outbound("c1", "m4", 15, "m1"), // replies to the root again: turn 2, nothing new
                outbound("c1", "m5", 70, "m3"), // turn 4 in W1
                inbound("c1", "m6", "alice", 75, "m5"), // turn 5 in W1
                inbound("c1", "m7", "alice", 76, "m6")); // same direction: still 5

        assertThat(harness.window(BRAND, W0).getDepthReached())
                .containsExactlyInAnyOrderEntriesOf(Map.of("1", 1L, "2", 1L, "3", 1L));
        assertThat(harness.window(BRAND, W1).getDepthReached())
                .containsExactlyInAnyOrderEntriesOf(Map.of("4", 1L, "5", 1L));
    }

    @Test
    void firstResponseIsTheFirstSamplePerCustomerAndConversation() {
        harness.send(
                inbound("c1", "q1", "alice", 0, null),
                outbound("c1", "a1", 4, "q1"), // alice first response: 4
                inbound("c1", "q2", "alice", 10, "a1"),
                outbound("c1", "a2", 30, "q2"), // alice again: 20, not a first response
                inbound("c2", "q3", "alice", 31, null),
                outbound("c2", "a3", 33, "q3")); // another conversation: first response again, 2

        BrandWindowStats w = harness.window(BRAND, W0);
        assertThat(w.getResponses()).isEqualTo(3);
        assertThat(w.getFirstResponses()).isEqualTo(2);
        assertThat(w.getResponseLatencyMaxMs()).isEqualTo(20 * MINUTE);
        // first responses {2, 4} min: p50 = rank floor(0.5 * 1) = 0 -> 2 min; p90 = rank floor(0.9) = 0 -> 2 min.
        assertThat(w.getFirstResponseP50Ms()).isCloseTo(2 * MINUTE, within(1_200L));
        assertThat(w.getFirstResponseP90Ms()).isCloseTo(2 * MINUTE, within(1_200L));
    }

    @Test
    void percentilesFollowTheLowerNearestRankWithinOnePercent() {
        // Ten customers answered after 1..10 minutes, in one window.
        for (int i = 1; i <= 10; i++) {
            harness.send(inbound("c" + i, "q" + i, "customer" + i, 0, null), outbound("c" + i, "a" + i, i, "q" + i));
        }
        BrandWindowStats w = harness.window(BRAND, W0);
        assertThat(w.getResponses()).isEqualTo(10);
        // sorted 1..10 min; rank floor(q * 9): p50 -> index 4 = 5 min, p90 -> index 8 = 9 min, p99 -> index 8 = 9 min.
        assertThat(w.getResponseLatencyP50Ms()).isCloseTo(5 * MINUTE, within(3_000L));
        assertThat(w.getResponseLatencyP90Ms()).isCloseTo(9 * MINUTE, within(5_400L));
        assertThat(w.getResponseLatencyP99Ms()).isCloseTo(9 * MINUTE, within(5_400L));
        assertThat(w.getResponseLatencyMaxMs()).isEqualTo(10 * MINUTE);
    }

    @Test
    void statsAreKeptPerBrand() {
        MessageEvent other = inbound("x1", "xq", "erin", 1, null);
        other.setBrandId("OtherBrand");
        harness.send(inbound("c1", "q", "alice", 0, null), other);

        assertThat(harness.stats()).containsOnlyKeys(StatsKey.of(BRAND, W0), StatsKey.of("OtherBrand", W0));
        assertThat(harness.window("OtherBrand", W0).getInbound()).isEqualTo(1);
    }
}
