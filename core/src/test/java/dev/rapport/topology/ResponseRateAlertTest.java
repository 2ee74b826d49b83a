package dev.rapport.topology;

import static dev.rapport.topology.Events.at;
import static dev.rapport.topology.Events.inbound;
import static dev.rapport.topology.Events.outbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.rapport.policy.AlertThresholds;
import dev.rapport.policy.PolicyOverride;
import dev.rapport.schema.AlertStatus;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.schema.MessageEvent;
import dev.rapport.schema.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RESPONSE_RATE_LOW in the production topology. Hour windows with 15 minutes of grace (window k is
 * [10:00 + k h, 11:00 + k h), judged once stream time reaches its end + 15 min), a 1 h SLA and a
 * 2 h response horizon, so a wait opened in window k and never answered is decided unanswered in
 * window k + 2. The rule fires below a response rate of 0.8 over at least 10 decided waits and
 * resolves above 0.8 × (1 + 0.1) = 0.88.
 */
class ResponseRateAlertTest {
    private static final String OTHER_BRAND = "OtherCo";
    private static final Instant UPDATED = Instant.parse("2017-10-31T09:00:00Z");
    private static final AlertThresholds THRESHOLDS = AlertThresholds.builder()
            .slaWarningFraction(0.8)
            .hysteresis(0.1)
            // the other brand alerts are kept out of the way
            .latencyP90(Duration.ofHours(10))
            .latencyMinSamples(1000)
            .broadcastRatio(0.99)
            .broadcastMinOutbound(1000)
            .dropFraction(0.5)
            .baselineAlpha(0.5)
            .baselineWindows(1000)
            .minBaseline(1000)
            .channelGapRatio(0.5)
            .channelGapMinWaits(1000)
            // RESPONSE_RATE_LOW: rate < 0.8 over >= 10 decided waits
            .responseRateMin(0.8)
            .responseRateMinWaits(10)
            .build();

    private final TopologyHarness harness = new TopologyHarness(EngagementSettings.builder()
            .window(Duration.ofHours(1))
            .grace(Duration.ofMinutes(15))
            .sla(Duration.ofHours(1))
            .responseHorizon(Duration.ofHours(2))
            .alerts(THRESHOLDS)
            .wallClockDeadlines(false)
            .build());
    private final List<MessageEvent> scenario = new ArrayList<>();
    private int ids;

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void firesOnAWindowWithNoMessagesWhoseWaitsTheHorizonDecidedUnanswered() {
        unanswered(Events.BRAND, 2, 12); // 12 customers write in window 0; their horizons fall in window 2
        playAndCloseThrough(2);

        BrandWindowStats window2 = harness.window(Events.BRAND, at(120));
        assertThat(window2.getInbound() + window2.getOutbound())
                .as("window 2 has no messages")
                .isZero();
        assertThat(window2.getUnanswered()).isEqualTo(12);
        assertThat(harness.alerts(AlertType.RESPONSE_RATE_LOW)).singleElement().satisfies(alert -> {
            assertThat(alert.getAlertId()).isEqualTo("RESPONSE_RATE_LOW:AcmeSupport:" + at(120));
            assertThat(alert.getStatus()).isEqualTo(AlertStatus.FIRING);
            assertThat(alert.getSeverity()).isEqualTo(Severity.WARNING);
            assertThat(alert.getPlatform()).isNull();
            assertThat(alert.getWindowStart().toEpochMilli()).isEqualTo(at(120));
            assertThat(alert.getDetectedAt().toEpochMilli()).isEqualTo(at(180));
            assertThat(alert.getObservedValue()).isEqualTo(0.0); // 0 answered of 12 decided
            assertThat(alert.getThreshold()).isEqualTo(0.8);
            assertThat(alert.getLabels()).containsEntry("policy", "default").containsEntry("hysteresis", "0.1");
            assertThat(alert.getMessage())
                    .isEqualTo("RESPONSE_RATE_LOW firing for AcmeSupport in "
                            + "[2017-10-31T12:00:00Z, 2017-10-31T13:00:00Z): 0 of 12 decided waits answered within the "
                            + "response horizon 0.000, threshold 0.800");
        });
    }

    @Test
    void countsAnswersInTheWindowOfTheAnswerAndLateAnswersAsUnanswered() {
        answered(Events.BRAND, 2, 10, 100); // asked in window 0, answered after 100 min < 2 h: in time, in window 2
        answered(Events.BRAND, 2, 4, 5);
        unanswered(Events.BRAND, 2, 5);
        answeredAfterTheHorizon(Events.BRAND, 2, 1);
        playAndCloseThrough(2);

        // 14 answered in time, 5 + 1 unanswered: 14 / 20 = 0.7 < 0.8
        assertThat(harness.window(Events.BRAND, at(120)))
                .extracting(BrandWindowStats::getAnsweredInTime, BrandWindowStats::getUnanswered)
                .containsExactly(14L, 6L);
        assertThat(harness.alerts(AlertType.RESPONSE_RATE_LOW))
                .extracting(
                        EngagementAlert::getStatus, ResponseRateAlertTest::window, EngagementAlert::getObservedValue)
                .containsExactly(tuple(AlertStatus.FIRING, 2, 0.7));
        assertThat(harness.alerts(AlertType.RESPONSE_RATE_LOW).get(0).getMessage())
                .contains("14 of 20 decided waits answered within the response horizon 0.700, threshold 0.800");
    }

    @Test
    void tooFewDecidedWaitsOrARateAtTheThresholdDoNotFire() {
        unanswered(Events.BRAND, 2, 9); // rate 0, but only 9 decided waits
        answered(Events.BRAND, 3, 8, 5);
        unanswered(Events.BRAND, 3, 2); // 8 / 10 = 0.8: not below the threshold
        playAndCloseThrough(3);

        assertThat(harness.window(Events.BRAND, at(120)).getResponseRate()).isEqualTo(0.0);
        assertThat(harness.window(Events.BRAND, at(180)).getResponseRate()).isEqualTo(0.8);
        assertThat(harness.alerts(AlertType.RESPONSE_RATE_LOW)).isEmpty();
    }

    @Test
    void holdsInsideTheHysteresisBandAndOverAThinWindowThenResolves() {
        answered(Events.BRAND, 2, 14, 5);
        unanswered(Events.BRAND, 2, 6); // 14 / 20 = 0.7 < 0.8: fires
        answered(Events.BRAND, 3, 17, 5);
        unanswered(Events.BRAND, 3, 3); // 17 / 20 = 0.85: not breaching, not above 0.88: still firing
        answered(Events.BRAND, 4, 5, 5); // 5 / 5 = 1.0 over 5 decided waits: too thin, still firing
        answered(Events.BRAND, 5, 18, 5);
        unanswered(Events.BRAND, 5, 2); // 18 / 20 = 0.9 > 0.88: resolves
        playAndCloseThrough(5);

        List<EngagementAlert> alerts = harness.alerts(AlertType.RESPONSE_RATE_LOW);
        assertThat(alerts)
                .extracting(
                        EngagementAlert::getStatus,
                        ResponseRateAlertTest::window,
                        EngagementAlert::getObservedValue,
                        EngagementAlert::getThreshold)
                .containsExactly(tuple(AlertStatus.FIRING, 2, 0.7, 0.8), tuple(AlertStatus.RESOLVED, 5, 0.9, 0.8));
        assertThat(alerts)
                .extracting(EngagementAlert::getAlertId)
                .containsOnly("RESPONSE_RATE_LOW:AcmeSupport:" + at(120));
        assertThat(alerts.get(1).getLabels()).containsEntry("resolution", "cleared");
    }

    @Test
    void aBrandsOwnMinimumRateDecides() {
        harness.setPolicy(Events.BRAND, responseRate(0.95, null), UPDATED);
        for (String brand : List.of(Events.BRAND, OTHER_BRAND)) {
            answered(brand, 2, 18, 5);
            unanswered(brand, 2, 2); // 18 / 20 = 0.9: below AcmeSupport's 0.95, above the default 0.8
        }
        playAndCloseThrough(2);

        assertThat(harness.alerts(AlertType.RESPONSE_RATE_LOW)).singleElement().satisfies(alert -> {
            assertThat(alert.getBrandId()).isEqualTo(Events.BRAND);
            assertThat(alert.getObservedValue()).isEqualTo(0.9);
            assertThat(alert.getThreshold()).isEqualTo(0.95);
            assertThat(alert.getLabels()).containsEntry("policy", UPDATED.toString());
        });
    }

    @Test
    void aBrandsOwnMinimumOfDecidedWaitsDecides() {
        harness.setPolicy(Events.BRAND, responseRate(null, 21), UPDATED);
        for (String brand : List.of(Events.BRAND, OTHER_BRAND)) {
            answered(brand, 2, 14, 5);
            unanswered(brand, 2, 6); // 0.7 over 20 decided waits: too few for AcmeSupport's 21
        }
        playAndCloseThrough(2);

        assertThat(harness.alerts(AlertType.RESPONSE_RATE_LOW))
                .extracting(
                        EngagementAlert::getBrandId, EngagementAlert::getObservedValue, EngagementAlert::getThreshold)
                .containsExactly(tuple(OTHER_BRAND, 0.7, 0.8));
    }

    // ---- scenario builders: minutes after 10:00, window k starts at minute 60 k

    /** {@code count} customers of {@code brand} answered {@code latencyMinutes} after asking; the answers fall in window k. */
    private void answered(String brand, int window, int count, int latencyMinutes) {
        for (int i = 0; i < count; i++) {
            String c = "a" + (++ids);
            double answeredAt = 60 * window + 20 + 0.5 * i;
            scenario.add(of(brand, inbound(c, c + "q", "customer" + ids, answeredAt - latencyMinutes, null)));
            scenario.add(of(brand, outbound(c, c + "a", answeredAt, c + "q")));
        }
    }

    /** {@code count} customers of {@code brand} who write in window k - 2 and are never answered: decided in window k. */
    private void unanswered(String brand, int window, int count) {
        for (int i = 0; i < count; i++) {
            String c = "u" + (++ids);
            scenario.add(of(brand, inbound(c, c + "q", "customer" + ids, 60 * (window - 2) + 30 + 0.5 * i, null)));
        }
    }

    /** Like {@link #unanswered}, but the brand answers in window k, 5 min after the horizon decided the wait. */
    private void answeredAfterTheHorizon(String brand, int window, int count) {
        for (int i = 0; i < count; i++) {
            String c = "l" + (++ids);
            double asked = 60 * (window - 2) + 45 + 0.5 * i;
            scenario.add(of(brand, inbound(c, c + "q", "customer" + ids, asked, null)));
            scenario.add(of(brand, outbound(c, c + "a", asked + 125, c + "q")));
        }
    }

    private static MessageEvent of(String brand, MessageEvent event) {
        return MessageEvent.newBuilder(event).setBrandId(brand).build();
    }

    /**
     * Sends the scenario in event-time order and moves event time to the end of each window before
     * the next window's messages, as steady traffic would; then closes window k with a broadcast of
     * each brand in window k + 1 (a broadcast opens and answers no wait, so it changes no outcome).
     * An unanswered outcome is stamped with its horizon: were one message to carry event time past
     * the close of the horizon's window, the outcome would reach the window aggregation after that
     * window had closed and be dropped as late.
     */
    private void playAndCloseThrough(int window) {
        scenario.sort(Comparator.comparing(MessageEvent::getOccurredAt));
        int next = 0;
        for (int w = 0; w <= window; w++) {
            long windowEnd = at(60 * (w + 1));
            while (next < scenario.size() && scenario.get(next).getOccurredAt().toEpochMilli() < windowEnd) {
                harness.send(scenario.get(next++));
            }
            harness.watermark(windowEnd);
        }
        for (String brand : List.of(Events.BRAND, OTHER_BRAND)) {
            String c = "tick" + (++ids);
            harness.send(of(brand, outbound(c, c, 60 * (window + 1) + 15, null)));
        }
    }

    private static PolicyOverride responseRate(Double min, Integer minWaits) {
        return PolicyOverride.builder()
                .responseRateMin(min)
                .responseRateMinWaits(minWaits)
                .build();
    }

    private static int window(EngagementAlert alert) {
        return (int) ((alert.getWindowStart().toEpochMilli() - Events.ORIGIN)
                / Duration.ofHours(1).toMillis());
    }
}
