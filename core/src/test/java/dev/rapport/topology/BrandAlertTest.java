package dev.rapport.topology;

import static dev.rapport.topology.Events.inbound;
import static dev.rapport.topology.Events.outbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.rapport.policy.AlertThresholds;
import dev.rapport.schema.AlertStatus;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.schema.MessageEvent;
import dev.rapport.schema.Platform;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Brand alerts on hour windows with 15 minutes of grace: window k is [10:00 + k h, 11:00 + k h)
 * and is evaluated once stream time reaches its end + 15 min. The SLA is 2 h so that SLA alerts
 * stay out of the way. Thresholds are small so each scenario is a handful of messages; hysteresis
 * is 0.2.
 */
class BrandAlertTest {
    private static final AlertThresholds THRESHOLDS = AlertThresholds.builder()
            .slaWarningFraction(0.8)
            .hysteresis(0.2)
            // LATENCY_DEGRADED: p90 > 30 min over >= 3 answers
            .latencyP90(Duration.ofMinutes(30))
            .latencyMinSamples(3)
            // BROADCAST_HEAVY: broadcasts / outbound > 0.5 over >= 4 outbound
            .broadcastRatio(0.5)
            .broadcastMinOutbound(4)
            // ENGAGEMENT_DROP: < 0.5 x baseline; alpha 0.5; 2 windows; baseline >= 2
            .dropFraction(0.5)
            .baselineAlpha(0.5)
            .baselineWindows(2)
            .minBaseline(2)
            // CHANNEL_GAP: share < 0.5 x others' share; >= 4 waits each side
            .channelGapRatio(0.5)
            .channelGapMinWaits(4)
            // RESPONSE_RATE_LOW: response rate < 0.9 over >= 20 decided waits
            .responseRateMin(0.9)
            .responseRateMinWaits(20)
            .build();

    private final TopologyHarness harness = new TopologyHarness(EngagementSettings.builder()
            .window(Duration.ofHours(1))
            .grace(Duration.ofMinutes(15))
            .sla(Duration.ofHours(2))
            .alerts(THRESHOLDS)
            .wallClockDeadlines(false)
            .build());
    private int ids;

    @AfterEach
    void close() {
        harness.close();
    }

    // ---- LATENCY_DEGRADED

    @Test
    void latencyDegradedFiresHoldsInsideTheHysteresisBandAndResolves() {
        answeredWaits(0, 3, 40); // p90 40 min > 30: fires
        answeredWaits(1, 3, 27); // 27 min: below 30, not below 30 x 0.8 = 24: still firing
        answeredWaits(2, 3, 20); // 20 min < 24: resolves
        closeThrough(2);

        assertThat(harness.alerts(AlertType.LATENCY_DEGRADED))
                .extracting(EngagementAlert::getStatus, a -> window(a), EngagementAlert::getThreshold)
                .containsExactly(tuple(AlertStatus.FIRING, 0, 1800.0), tuple(AlertStatus.RESOLVED, 2, 1800.0));
        assertSameId(harness.alerts(AlertType.LATENCY_DEGRADED));
        assertThat(harness.alerts(AlertType.LATENCY_DEGRADED).get(0).getObservedValue())
                .isCloseTo(2400, within1Percent(2400));
    }

    @Test
    void latencyJustBelowTheThresholdOrWithTooFewSamplesDoesNotFire() {
        answeredWaits(0, 3, 29);
        answeredWaits(1, 2, 90);
        closeThrough(2);
        assertThat(harness.alerts(AlertType.LATENCY_DEGRADED)).isEmpty();
    }

    // ---- BROADCAST_HEAVY

    @Test
    void broadcastHeavyFiresHoldsAndResolves() {
        outboundMix(0, 3, 2); // 3 of 5 broadcasts = 0.6 > 0.5: fires
        outboundMix(1, 4, 5); // 4 of 9 = 0.44: not below 0.4, still firing
        outboundMix(2, 1, 4); // 1 of 5 = 0.2: resolves
        closeThrough(2);

        assertThat(harness.alerts(AlertType.BROADCAST_HEAVY))
                .extracting(EngagementAlert::getStatus, a -> window(a), EngagementAlert::getObservedValue)
                .containsExactly(tuple(AlertStatus.FIRING, 0, 0.6), tuple(AlertStatus.RESOLVED, 2, 0.2));
        assertSameId(harness.alerts(AlertType.BROADCAST_HEAVY));
    }

    @Test
    void broadcastsAtTheThresholdOrOnTooFewMessagesDoNotFire() {
        outboundMix(0, 2, 2); // exactly 0.5
        outboundMix(1, 3, 0); // all broadcasts, but only 3 outbound
        closeThrough(1);
        assertThat(harness.alerts(AlertType.BROADCAST_HEAVY)).isEmpty();
    }

    // ---- ENGAGEMENT_DROP

    @Test
    void engagementDropFiresBelowTheBaselineHoldsAndResolves() {
        deepConversations(0, 10);
        deepConversations(1, 10); // baseline 10
        deepConversations(2, 4); // 4 < 5: fires; baseline becomes 7
        deepConversations(3, 4); // threshold 3.5, clears above 4.2: still firing; baseline 5.5
        deepConversations(4, 4); // threshold 2.75, clears above 3.3: resolves
        closeThrough(4);

        assertThat(harness.alerts(AlertType.ENGAGEMENT_DROP))
                .extracting(
                        EngagementAlert::getStatus,
                        a -> window(a),
                        EngagementAlert::getObservedValue,
                        EngagementAlert::getThreshold)
                .containsExactly(tuple(AlertStatus.FIRING, 2, 4.0, 5.0), tuple(AlertStatus.RESOLVED, 4, 4.0, 2.75));
        assertSameId(harness.alerts(AlertType.ENGAGEMENT_DROP));
    }

    @Test
    void engagementAtHalfTheBaselineDoesNotFireButAQuietWindowDoes() {
        deepConversations(0, 10);
        deepConversations(1, 10);
        deepConversations(2, 5); // exactly 0.5 x 10
        deepConversations(4, 8); // window 3 had no conversation at all
        closeThrough(4);

        assertThat(harness.alerts(AlertType.ENGAGEMENT_DROP))
                .extracting(EngagementAlert::getStatus, a -> window(a), EngagementAlert::getObservedValue)
                .containsExactly(tuple(AlertStatus.FIRING, 3, 0.0), tuple(AlertStatus.RESOLVED, 4, 8.0));
    }

    // ---- CHANNEL_GAP

    @Test
    void channelGapFiresForThePlatformThatIsLeftUnansweredAndResolves() {
        waitsOn(0, Platform.TWITTER, 4, 4);
        waitsOn(0, Platform.WHATSAPP, 4, 1); // 0.25 < 0.5 x 1.0: fires
        waitsOn(1, Platform.TWITTER, 4, 4);
        waitsOn(1, Platform.WHATSAPP, 4, 2); // 0.5: not breaching, not above 0.6: still firing
        waitsOn(2, Platform.TWITTER, 4, 4);
        waitsOn(2, Platform.WHATSAPP, 4, 4); // resolves
        closeThrough(2);

        assertThat(harness.alerts(AlertType.CHANNEL_GAP))
                .extracting(
                        EngagementAlert::getStatus,
                        EngagementAlert::getPlatform,
                        a -> window(a),
                        EngagementAlert::getObservedValue)
                .containsExactly(
                        tuple(AlertStatus.FIRING, Platform.WHATSAPP, 0, 0.25),
                        tuple(AlertStatus.RESOLVED, Platform.WHATSAPP, 2, 1.0));
        assertThat(harness.alerts(AlertType.CHANNEL_GAP).get(0).getAlertId())
                .isEqualTo("CHANNEL_GAP:WHATSAPP:AcmeSupport:" + Events.at(0));
        assertSameId(harness.alerts(AlertType.CHANNEL_GAP));
    }

    @Test
    void channelGapAtTheRatioOrWithFewWaitsDoesNotFire() {
        waitsOn(0, Platform.TWITTER, 4, 4);
        waitsOn(0, Platform.WHATSAPP, 4, 2); // exactly 0.5 x 1.0
        waitsOn(1, Platform.TWITTER, 4, 4);
        waitsOn(1, Platform.WHATSAPP, 3, 0); // too few waits
        closeThrough(1);
        assertThat(harness.alerts(AlertType.CHANNEL_GAP)).isEmpty();
    }

    // ---- contract

    @Test
    void redeliveringTheWholeInputRaisesNothingTwice() {
        List<MessageEvent> sent = new ArrayList<>();
        sent.addAll(answeredWaits(0, 3, 40));
        sent.addAll(answeredWaits(1, 3, 10));
        sent.addAll(outboundMix(1, 5, 0));
        closeThrough(1);
        List<EngagementAlert> once = List.copyOf(harness.alerts());

        sent.forEach(harness::send);
        closeThrough(1);

        assertThat(once)
                .extracting(EngagementAlert::getType, EngagementAlert::getStatus)
                .containsExactlyInAnyOrder(
                        tuple(AlertType.LATENCY_DEGRADED, AlertStatus.FIRING),
                        tuple(AlertType.LATENCY_DEGRADED, AlertStatus.RESOLVED),
                        tuple(AlertType.BROADCAST_HEAVY, AlertStatus.FIRING));
        assertThat(harness.alerts()).containsExactlyElementsOf(once);
    }

    @Test
    void aWindowIsEvaluatedOnlyWhenItClosesSoLateEventsWithinGraceCount() {
        answeredWaits(0, 3, 20);
        harness.send(inbound("tick", "t1", "zed", 60 + 14, null));
        assertThat(harness.alerts(AlertType.LATENCY_DEGRADED))
                .as("window 0 is open until 11:15")
                .isEmpty();

        // Three slow answers inside window 0 arrive late, within grace: p90 of the window is now 50 min.
        for (int i = 0; i < 3; i++) {
            String c = "late" + i;
            harness.send(inbound(c, c + "q", "late" + i, i, null), outbound(c, c + "a", 50 + i, c + "q"));
        }
        closeThrough(0);
        assertThat(harness.alerts(AlertType.LATENCY_DEGRADED)).singleElement().satisfies(alert -> {
            assertThat(alert.getStatus()).isEqualTo(AlertStatus.FIRING);
            assertThat(alert.getObservedValue()).isCloseTo(3000, within1Percent(3000));
            assertThat(alert.getDetectedAt().toEpochMilli()).isEqualTo(Events.at(60));
        });
    }

    @Test
    void aBrandThatFallsSilentIsJudgedByTheSweep() {
        deepConversations(0, 10);
        deepConversations(1, 10);
        for (int minute = 120; minute <= 360; minute += 30) {
            String c = "other" + minute;
            harness.send(MessageEvent.newBuilder(inbound(c, c, "zed", minute, null))
                    .setBrandId("OtherBrand")
                    .build());
        }
        assertThat(harness.alerts(AlertType.ENGAGEMENT_DROP)).first().satisfies(alert -> {
            assertThat(alert.getStatus()).isEqualTo(AlertStatus.FIRING);
            assertThat(window(alert)).isEqualTo(2);
            assertThat(alert.getObservedValue()).isZero();
        });
    }

    // ---- scenario builders: minutes after 10:00, window k starts at minute 60 k

    /** {@code count} customers each answered {@code latencyMinutes} after asking, answers inside window k. */
    private List<MessageEvent> answeredWaits(int window, int count, int latencyMinutes) {
        List<MessageEvent> events = new ArrayList<>();
        int asked = 60 * window + Math.max(0, 55 - latencyMinutes);
        for (int i = 0; i < count; i++) {
            String c = "c" + (++ids);
            events.add(inbound(c, c + "q", "customer" + ids, asked - 0.1 * i, null));
            events.add(outbound(c, c + "a", asked + latencyMinutes, c + "q"));
        }
        events.forEach(harness::send);
        return events;
    }

    /** In window k: {@code broadcasts} brand messages answering nothing and {@code replies} answering a customer. */
    private List<MessageEvent> outboundMix(int window, int broadcasts, int replies) {
        List<MessageEvent> events = new ArrayList<>();
        for (int i = 0; i < broadcasts; i++) {
            String c = "b" + (++ids);
            events.add(outbound(c, c + "a", 60 * window + 10 + i, null));
        }
        for (int i = 0; i < replies; i++) {
            String c = "r" + (++ids);
            events.add(inbound(c, c + "q", "customer" + ids, 60 * window + 20 + i, null));
            events.add(outbound(c, c + "a", 60 * window + 21 + i, c + "q"));
        }
        events.forEach(harness::send);
        return events;
    }

    /** {@code count} conversations reaching depth 3 (customer, brand, customer) in window k. */
    private void deepConversations(int window, int count) {
        for (int i = 0; i < count; i++) {
            String c = "d" + (++ids);
            double m = 60 * window + 10 + i;
            harness.send(
                    inbound(c, c + "1", "customer" + ids, m, null),
                    outbound(c, c + "2", m + 1, c + "1"),
                    inbound(c, c + "3", "customer" + ids, m + 2, c + "2"));
        }
    }

    /** {@code opened} customers write on {@code platform} in window k and {@code answered} of them get an answer. */
    private void waitsOn(int window, Platform platform, int opened, int answered) {
        for (int i = 0; i < opened; i++) {
            String c = "w" + (++ids);
            double m = 60 * window + 10 + i;
            harness.send(on(platform, inbound(c, c + "q", "customer" + ids, m, null)));
            if (i < answered) {
                harness.send(on(platform, outbound(c, c + "a", m + 5, c + "q")));
            }
        }
    }

    private static MessageEvent on(Platform platform, MessageEvent event) {
        return MessageEvent.newBuilder(event).setPlatform(platform).build();
    }

    /** Moves stream time to the end of window k + grace with a new customer's message in window k + 1. */
    private void closeThrough(int window) {
        String c = "tick" + (++ids);
        harness.send(inbound(c, c, "zed" + ids, 60 * (window + 1) + 15, null));
    }

    private static int window(EngagementAlert alert) {
        return (int) ((alert.getWindowStart().toEpochMilli() - Events.ORIGIN)
                / Duration.ofHours(1).toMillis());
    }

    private static void assertSameId(List<EngagementAlert> fireAndResolve) {
        assertThat(fireAndResolve).hasSize(2);
        assertThat(fireAndResolve.get(1).getAlertId())
                .isEqualTo(fireAndResolve.get(0).getAlertId());
    }

    private static Offset<Double> within1Percent(double value) {
        return Offset.offset(value / 100);
    }
}
