package dev.rapport.topology;

import static dev.rapport.topology.Events.BRAND;
import static dev.rapport.topology.Events.at;
import static dev.rapport.topology.Events.inbound;
import static dev.rapport.topology.Events.outbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rapport.calendar.BusinessHours;
import dev.rapport.policy.PolicyOverride;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.MessageEvent;
import dev.rapport.schema.Platform;
import dev.rapport.schema.PlatformStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The second part of the metric spec (docs/metrics.md, "Customers nobody answered"): every wait ends in one outcome,
 * answered within the response horizon or unanswered at it, counted in the window where it is
 * decided; response rate and SLA attainment come from those counts; engaged broadcasts, responders,
 * answers on another platform and the per-platform stats. Expected values are worked out by hand in
 * each test. Times are minutes after Tuesday 2017-10-31 10:00 UTC; windows are 1 h (W0 = [10:00,
 * 11:00), W1 = [11:00, 12:00), ...); SLA 30 min, response horizon 90 min.
 */
class WaitOutcomeTest {
    private static final long W0 = at(0);
    private static final long W1 = at(60);
    private static final long W2 = at(120);
    private static final long W3 = at(180);
    private static final long MINUTE = 60_000;
    /** Latency percentiles come from a sketch of 1% relative accuracy. */
    private static final double SKETCH = 0.01;

    private static final Instant UPDATED = Instant.parse("2017-10-01T00:00:00Z");

    private final TopologyHarness harness = new TopologyHarness(EngagementSettings.builder()
            .window(Duration.ofHours(1))
            .grace(Duration.ofHours(1))
            .sla(Duration.ofMinutes(30))
            .responseHorizon(Duration.ofMinutes(90))
            .wallClockDeadlines(false)
            .build());

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void anAnswerAtTheHorizonIsInTimeAndOneMillisecondLaterIsNot() {
        harness.send(inbound("c1", "q1", "alice", 0, null), inbound("c2", "q2", "bob", 0, null));
        harness.send(outbound("c1", "a1", 90, "q1")); // exactly 90 min: in time
        harness.send(outbound("c2", "a2", 90 + 1.0 / MINUTE, "q2")); // 90 min + 1 ms: past the horizon

        BrandWindowStats w1 = harness.window(BRAND, W1);
        assertThat(w1.getAnsweredInTime()).isEqualTo(1);
        // bob's outcome belongs to the window of his horizon, 11:30, which is W1 too.
        assertThat(w1.getUnanswered()).isEqualTo(1);
        assertThat(w1.getAnsweredWithinSla())
                .as("90 min is past the 30 min SLA")
                .isZero();
        assertThat(w1.getResponses()).as("both answers are latency samples").isEqualTo(2);
        assertThat(w1.getResponseRate()).isEqualTo(0.5);
        assertThat(w1.getSlaAttainment()).isEqualTo(0.0);
        BrandWindowStats w0 = harness.window(BRAND, W0);
        assertThat(w0.getInbound()).isEqualTo(2);
        assertThat(w0.getAnsweredInTime() + w0.getUnanswered()).isZero();
        assertThat(w0.getResponseRate()).as("no wait decided in W0").isNull();
        assertThat(w0.getSlaAttainment()).isNull();
    }

    @Test
    void aWaitNobodyAnswersIsDecidedUnansweredAtItsHorizonInAWindowWithoutEvents() {
        harness.send(inbound("c1", "q", "alice", 0, null));
        harness.watermark(at(90));
        assertThat(harness.window(BRAND, W1))
                .as("the clock has reached the horizon, not passed it")
                .isNull();

        harness.watermark(at(90) + 1);
        BrandWindowStats w1 = harness.window(BRAND, W1);
        assertThat(w1.getInbound()).isZero();
        assertThat(w1.getOutbound()).isZero();
        assertThat(w1.getUnanswered()).isEqualTo(1);
        assertThat(w1.getAnsweredInTime()).isZero();
        assertThat(w1.getResponseRate()).isEqualTo(0.0);
        assertThat(w1.getSlaAttainment()).isEqualTo(0.0);
        assertThat(w1.getByPlatform()).containsOnlyKeys("TWITTER");
        assertThat(w1.getByPlatform().get("TWITTER").getUnanswered()).isEqualTo(1);
        assertThat(harness.window(BRAND, W0).getUnanswered()).isZero();
    }

    @Test
    void aLateAnswerGivesALatencySampleButTheWaitStaysUnanswered() {
        harness.send(inbound("c1", "q", "alice", 0, null));
        harness.watermark(at(100));
        assertThat(harness.window(BRAND, W1).getUnanswered()).isEqualTo(1);

        harness.send(outbound("c1", "a", 130, "q"));
        BrandWindowStats w2 = harness.window(BRAND, W2);
        assertThat(w2.getResponses()).isEqualTo(1);
        assertThat(w2.getResponseLatencyMaxMs()).isEqualTo(130 * MINUTE);
        assertThat(w2.getAnsweredInTime()).isZero();
        assertThat(w2.getUnanswered()).isZero();
        assertThat(w2.getAnsweredWithinSla()).isZero();
        assertThat(w2.getResponseRate()).isNull();
        BrandWindowStats w1 = harness.window(BRAND, W1);
        assertThat(w1.getUnanswered()).isEqualTo(1);
        assertThat(w1.getResponseRate()).isEqualTo(0.0);
    }

    @Test
    void anAnswerWithNegativeLatencyIsAnsweredInTimeAndWithinSla() {
        harness.send(inbound("c1", "q", "alice", 10, null), outbound("c1", "a", 5, "q"));

        BrandWindowStats w0 = harness.window(BRAND, W0);
        assertThat(w0.getNegativeLatencies()).isEqualTo(1);
        assertThat(w0.getResponses()).as("the sample is discarded").isZero();
        assertThat(w0.getAnsweredInTime()).isEqualTo(1);
        assertThat(w0.getAnsweredWithinSla()).isEqualTo(1);
        assertThat(w0.getResponseRate()).isEqualTo(1.0);
        assertThat(w0.getSlaAttainment()).isEqualTo(1.0);
        harness.watermark(at(200));
        assertThat(harness.stats().values())
                .as("the wait ended: nothing is decided at its horizon")
                .allSatisfy(w -> assertThat(w.getUnanswered()).isZero());
    }

    @Test
    void twoCustomersInOneThreadEachHaveTheirOwnOutcome() {
        harness.send(
                inbound("c1", "q1", "alice", 0, null),
                inbound("c1", "q2", "bob", 2, "q1"),
                outbound("c1", "a1", 10, "q2")); // replies to bob's message: answers bob only, after 8 min
        harness.watermark(at(91));

        BrandWindowStats w0 = harness.window(BRAND, W0);
        assertThat(w0.getAnsweredInTime()).isEqualTo(1);
        assertThat(w0.getAnsweredWithinSla()).isEqualTo(1);
        assertThat(w0.getUnanswered()).isZero();
        assertThat(w0.getResponseRate()).isEqualTo(1.0);
        BrandWindowStats w1 = harness.window(BRAND, W1);
        assertThat(w1.getUnanswered()).as("alice, decided at 11:30").isEqualTo(1);
        assertThat(w1.getResponseRate()).isEqualTo(0.0);
    }

    @Test
    void aBrandReplyingToItselfAnswersEveryOpenWait() {
        harness.send(
                inbound("c1", "q1", "alice", 0, null),
                outbound("c1", "a1", 40, "q1"), // 40 min: in time, past the 30 min SLA
                inbound("c1", "q2", "alice", 45, "a1"), // alice waits again from 45
                outbound("c1", "a2", 50, "a1")); // the brand replies to its own message: answers alice, 5 min

        BrandWindowStats w0 = harness.window(BRAND, W0);
        assertThat(w0.getAnsweredInTime()).isEqualTo(2);
        assertThat(w0.getAnsweredWithinSla()).isEqualTo(1);
        assertThat(w0.getResponseRate()).isEqualTo(1.0);
        assertThat(w0.getSlaAttainment()).isEqualTo(0.5);
        assertThat(w0.getResponses()).isEqualTo(2);
        assertThat(w0.getResponders()).isEqualTo(1);
        assertThat(w0.getTopResponderShare()).isEqualTo(1.0);
    }

    @Test
    void aBusinessHoursHorizonWaitsOutTheWeekend() {
        // SLA 1 h and horizon 2 h of Mon-Fri 09:00-17:00 UTC. From Friday 16:30: 30 min on Friday, so
        // the SLA deadline is Monday 09:30 and the horizon Monday 10:30.
        harness.setPolicy(
                BRAND,
                PolicyOverride.builder()
                        .sla(Duration.ofHours(1))
                        .businessHours(BusinessHours.parse("UTC", "Mon-Fri 09:00-17:00", ""))
                        .responseHorizon(Duration.ofHours(2))
                        .build(),
                UPDATED);
        double friday1630 = minutes("2017-11-03T16:30:00Z");
        harness.send(
                inbound("c1", "q1", "alice", friday1630, null),
                inbound("c2", "q2", "bob", friday1630, null),
                inbound("c3", "q3", "carol", friday1630, null),
                inbound("c4", "q4", "dave", friday1630, null));
        harness.send(outbound("c1", "a1", minutes("2017-11-04T12:00:00Z"), "q1")); // Saturday: 30 min of business time

        harness.watermark(Instant.parse("2017-11-05T23:00:00Z").toEpochMilli());
        assertThat(harness.stats().values())
                .as("the clock stood still since Friday 17:00")
                .allSatisfy(w -> assertThat(w.getUnanswered()).isZero());
        BrandWindowStats saturday =
                harness.window(BRAND, Instant.parse("2017-11-04T12:00:00Z").toEpochMilli());
        assertThat(saturday.getAnsweredInTime()).isEqualTo(1);
        assertThat(saturday.getAnsweredWithinSla()).isEqualTo(1);

        harness.send(outbound("c2", "a2", minutes("2017-11-06T10:30:00Z"), "q2")); // 2 h of business time
        harness.send(outbound("c3", "a3", minutes("2017-11-06T10:30:00Z") + 1.0 / MINUTE, "q3"));
        harness.watermark(Instant.parse("2017-11-06T10:45:00Z").toEpochMilli());

        BrandWindowStats monday =
                harness.window(BRAND, Instant.parse("2017-11-06T10:00:00Z").toEpochMilli());
        assertThat(monday.getAnsweredInTime()).as("bob").isEqualTo(1);
        assertThat(monday.getUnanswered())
                .as("carol, 1 ms late, and dave, never answered")
                .isEqualTo(2);
        assertThat(monday.getAnsweredWithinSla())
                .as("bob was answered after the 09:30 deadline")
                .isZero();
        assertThat(monday.getResponses()).as("bob's and carol's samples").isEqualTo(2);
        assertThat(monday.getResponseRate()).isEqualTo(1.0 / 3);
    }

    @Test
    void aHorizonChangedMidStreamAppliesOnlyToWaitsOpenedAfterIt() {
        harness.send(inbound("c1", "q1", "alice", 0, null));
        harness.setPolicy(BRAND, horizon(Duration.ofHours(3)), UPDATED);
        harness.send(inbound("c2", "q2", "bob", 10, null));
        harness.watermark(at(300));

        assertThat(harness.window(BRAND, W1).getUnanswered())
                .as("alice at 11:30, under the 90 min horizon")
                .isEqualTo(1);
        assertThat(harness.window(BRAND, W2)).as("bob is not decided at 11:40").isNull();
        assertThat(harness.window(BRAND, W3).getUnanswered())
                .as("bob at 13:10, under the 3 h horizon")
                .isEqualTo(1);
    }

    @Test
    void perPlatformStatsFollowTheWaitsPlatformAcrossAChannelSwitch() {
        harness.send(
                on(Platform.INSTAGRAM, inbound("c1", "q1", "alice", 0, null)),
                on(Platform.WHATSAPP, inbound("c2", "q2", "bob", 1, null)),
                on(Platform.TWITTER, outbound("c1", "a1", 5, "q1"))); // alice asked on Instagram
        harness.watermark(at(92));

        BrandWindowStats w0 = harness.window(BRAND, W0);
        assertThat(w0.getAnsweredOnOtherPlatform()).isEqualTo(1);
        assertThat(w0.getWaitsAnsweredByPlatform())
                .as("unchanged: by the answer's platform")
                .isEqualTo(Map.of("TWITTER", 1L));
        assertThat(w0.getByPlatform()).containsOnlyKeys("INSTAGRAM", "TWITTER", "WHATSAPP");
        PlatformStats instagram = w0.getByPlatform().get("INSTAGRAM");
        assertThat(instagram.getInbound()).isEqualTo(1);
        assertThat(instagram.getOutbound()).isZero();
        assertThat(instagram.getResponses()).isEqualTo(1);
        assertThat(instagram.getAnsweredInTime()).isEqualTo(1);
        assertThat(instagram.getAnsweredWithinSla()).isEqualTo(1);
        assertThat(instagram.getUnanswered()).isZero();
        assertThat(instagram.getResponseLatencyP50Ms()).isCloseTo(5 * MINUTE, within((long) (5 * MINUTE * SKETCH)));
        assertThat(instagram.getResponseLatencyP90Ms()).isCloseTo(5 * MINUTE, within((long) (5 * MINUTE * SKETCH)));
        PlatformStats twitter = w0.getByPlatform().get("TWITTER");
        assertThat(twitter.getOutbound()).isEqualTo(1);
        assertThat(twitter.getInbound() + twitter.getResponses() + twitter.getAnsweredInTime())
                .isZero();
        assertThat(twitter.getResponseLatencyP50Ms()).isNull();
        assertThat(w0.getByPlatform().get("WHATSAPP").getInbound()).isEqualTo(1);
        assertThat(w0.getByPlatform().get("WHATSAPP").getUnanswered()).isZero();

        BrandWindowStats w1 = harness.window(BRAND, W1);
        assertThat(w1.getByPlatform()).as("bob, decided at 11:31").containsOnlyKeys("WHATSAPP");
        assertThat(w1.getByPlatform().get("WHATSAPP").getUnanswered()).isEqualTo(1);
    }

    @Test
    void respondersAreTheDistinctAuthorsOfTheBrandsMessages() {
        harness.send(
                inbound("c1", "q1", "alice", 0, null),
                by("agent-1", outbound("c1", "a1", 1, "q1")),
                inbound("c2", "q2", "bob", 0, null),
                by("agent-1", outbound("c2", "a2", 2, "q2")),
                inbound("c3", "q3", "carol", 0, null),
                by("agent-1", outbound("c3", "a3", 3, "q3")),
                inbound("c4", "q4", "dave", 0, null),
                by("agent-2", outbound("c4", "a4", 4, "q4")),
                outbound("c5", "b1", 5, null)); // a broadcast by the brand account
        harness.send(inbound("c6", "q6", "erin", 61, null));

        BrandWindowStats w0 = harness.window(BRAND, W0);
        assertThat(w0.getOutbound()).isEqualTo(5);
        assertThat(w0.getResponders()).isEqualTo(3);
        assertThat(w0.getTopResponderShare()).as("agent-1: 3 of 5").isEqualTo(0.6);
        BrandWindowStats w1 = harness.window(BRAND, W1);
        assertThat(w1.getResponders()).isZero();
        assertThat(w1.getTopResponderShare()).as("no outbound message").isNull();
    }

    @Test
    void aBroadcastIsEngagedOnceByItsFirstReply() {
        harness.send(
                outbound("c1", "b1", 0, null),
                inbound("c1", "r1", "alice", 5, "b1"),
                inbound("c1", "r2", "bob", 7, "b1"),
                inbound("c1", "r1", "alice", 5, "b1"), // alice's reply delivered twice
                outbound("c2", "b2", 30, null),
                inbound("c2", "r3", "carol", 65, "b2"), // engages b2 in W1, the window of the reply
                outbound("c3", "b3", 40, null)); // nobody replies

        BrandWindowStats w0 = harness.window(BRAND, W0);
        assertThat(w0.getBroadcasts()).isEqualTo(3);
        assertThat(w0.getBroadcastsEngaged()).isEqualTo(1);
        assertThat(harness.window(BRAND, W1).getBroadcastsEngaged()).isEqualTo(1);
    }

    @Test
    void aWaitThatMovesToAnEarlierMessageIsNotDecidedTwice() {
        harness.send(inbound("c1", "q2", "alice", 10, null));
        harness.watermark(at(101));
        assertThat(harness.window(BRAND, W1).getUnanswered())
                .as("decided at 11:40")
                .isEqualTo(1);

        // alice's earlier message arrives late: her wait now starts at 5, and its horizon has passed too.
        harness.send(inbound("c1", "q1", "alice", 5, null));
        harness.watermark(at(150));
        assertThat(harness.stats().values().stream()
                        .mapToLong(BrandWindowStats::getUnanswered)
                        .sum())
                .isEqualTo(1);
    }

    @Test
    void aConversationEvictedBeforeItsBusinessHoursHorizonDecidesItsWaitUnansweredAtTheEviction() {
        // Open one hour a week: a 2 h horizon from Monday 09:30 ends two Mondays later, after the
        // 7-day conversation.ttl (in calendar time) has evicted the idle conversation.
        harness.setPolicy(
                BRAND,
                PolicyOverride.builder()
                        .sla(Duration.ofHours(1))
                        .businessHours(BusinessHours.parse("UTC", "Mon 09:00-10:00", ""))
                        .responseHorizon(Duration.ofHours(2))
                        .build(),
                UPDATED);
        harness.send(inbound("c1", "q", "alice", minutes("2017-10-30T09:30:00Z"), null));
        harness.watermark(Instant.parse("2017-11-06T12:00:00Z").toEpochMilli());

        BrandWindowStats evicted =
                harness.window(BRAND, Instant.parse("2017-11-06T09:00:00Z").toEpochMilli());
        assertThat(evicted.getAbandonedWaits()).isEqualTo(1);
        assertThat(evicted.getUnanswered()).isEqualTo(1);
        assertThat(harness.stats().values().stream()
                        .mapToLong(BrandWindowStats::getUnanswered)
                        .sum())
                .isEqualTo(1);
    }

    private static PolicyOverride horizon(Duration horizon) {
        return PolicyOverride.builder().responseHorizon(horizon).build();
    }

    private static MessageEvent on(Platform platform, MessageEvent event) {
        return MessageEvent.newBuilder(event).setPlatform(platform).build();
    }

    private static MessageEvent by(String author, MessageEvent event) {
        return MessageEvent.newBuilder(event).setAuthorId(author).build();
    }

    private static double minutes(String instant) {
        return (Instant.parse(instant).toEpochMilli() - Events.ORIGIN) / (double) MINUTE;
    }
}
