package dev.rapport.topology;

import static dev.rapport.topology.Events.at;
import static dev.rapport.topology.Events.inbound;
import static dev.rapport.topology.Events.outbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.rapport.calendar.BusinessHours;
import dev.rapport.policy.PolicyOverride;
import dev.rapport.schema.AlertStatus;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.Direction;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.schema.MessageEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Brand policies from {@code rapport.brand-policies} in the production topology: business hours
 * stop the SLA clock over a weekend, across a daylight-saving change and on a holiday; a policy
 * changed in the middle of a stream applies to what comes after it.
 */
class BrandPolicyTest {
    /** New York hours. DST began on Sunday 2026-03-08: Friday is UTC-5, Monday UTC-4. */
    private static final BusinessHours NEW_YORK_OFFICE =
            BusinessHours.parse("America/New_York", "Mon-Fri 09:00-17:00", "");

    private static final Instant FRIDAY_1630 = Instant.parse("2026-03-06T21:30:00Z");
    private static final Instant UPDATED = Instant.parse("2026-03-01T08:00:00Z");

    private final TopologyHarness harness = new TopologyHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void businessHoursPauseTheSlaClockOverAWeekendThatChangesTheClocks() {
        harness.setPolicy(Events.BRAND, sla(Duration.ofHours(1), NEW_YORK_OFFICE), UPDATED);
        harness.send(message("c1", "q", Direction.INBOUND, "alice", FRIDAY_1630, null));
        harness.watermark(Instant.parse("2026-03-09T13:00:00Z").toEpochMilli()); // Monday 09:00 EDT
        assertThat(harness.alerts())
                .as("the office was closed since Friday 17:00")
                .isEmpty();

        // 48 min of business time (the 0.8 warning): 30 on Friday, 18 on Monday -> 09:18 EDT.
        harness.watermark(Instant.parse("2026-03-09T13:29:00Z").toEpochMilli());
        assertThat(harness.alerts()).singleElement().satisfies(warning -> {
            assertThat(warning.getType()).isEqualTo(AlertType.SLA_WARNING);
            assertThat(warning.getDetectedAt()).isEqualTo(Instant.parse("2026-03-09T13:18:00Z"));
            assertThat(warning.getLabels()).containsEntry("slaClock", "business");
        });

        // 09:30 EDT is 13:30Z; without the clock change it would have been 14:30Z.
        harness.watermark(Instant.parse("2026-03-09T13:31:00Z").toEpochMilli());
        assertThat(harness.breaches()).singleElement().satisfies(breach -> {
            assertThat(breach.getDetectedAt()).isEqualTo(Instant.parse("2026-03-09T13:30:00Z"));
            assertThat(breach.getThreshold()).isEqualTo(3600.0);
            assertThat(breach.getMessage()).contains("business-time SLA");
        });

        Instant answered = Instant.parse("2026-03-09T13:45:00Z"); // 09:45 EDT: 75 business minutes
        harness.send(message("c1", "a", Direction.OUTBOUND, Events.BRAND, answered, "q"));
        assertThat(harness.alerts(AlertType.SLA_BREACH)).last().satisfies(resolved -> {
            assertThat(resolved.getStatus()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(resolved.getObservedValue()).isEqualTo(4500.0);
        });

        BrandWindowStats window = harness.window(
                Events.BRAND, Instant.parse("2026-03-09T13:00:00Z").toEpochMilli());
        assertThat(window.getBusinessResponseLatencyMaxMs())
                .isEqualTo(Duration.ofMinutes(75).toMillis());
        assertThat(window.getResponseLatencyMaxMs())
                .isEqualTo(Duration.between(FRIDAY_1630, answered).toMillis());
        assertThat(window.getBusinessResponseLatencyP50Ms())
                .isCloseTo(Duration.ofMinutes(75).toMillis(), Percentage.withPercentage(1));
        assertThat(window.getSlaMillis()).isEqualTo(3_600_000L);
        assertThat(window.getPolicyRevision()).isEqualTo(UPDATED.toString());
    }

    @Test
    void aHolidayIsClosedAllDay() {
        BusinessHours withHoliday = BusinessHours.parse("America/New_York", "Mon-Fri 09:00-17:00", "2026-03-09");
        harness.setPolicy(Events.BRAND, sla(Duration.ofHours(1), withHoliday), UPDATED);
        harness.send(message("c1", "q", Direction.INBOUND, "alice", FRIDAY_1630, null));
        harness.watermark(Instant.parse("2026-03-10T13:29:00Z").toEpochMilli());
        assertThat(harness.breaches()).as("Monday was a holiday").isEmpty();

        harness.watermark(Instant.parse("2026-03-10T13:31:00Z").toEpochMilli());
        assertThat(harness.breaches())
                .singleElement()
                .satisfies(b -> assertThat(b.getDetectedAt()).isEqualTo(Instant.parse("2026-03-10T13:30:00Z")));
    }

    @Test
    void withoutBusinessHoursTheWeekendCounts() {
        harness.send(message("c1", "q", Direction.INBOUND, "alice", FRIDAY_1630, null));
        harness.watermark(FRIDAY_1630.plus(Duration.ofMinutes(61)).toEpochMilli());
        assertThat(harness.breaches()).singleElement().satisfies(b -> {
            assertThat(b.getDetectedAt()).isEqualTo(FRIDAY_1630.plus(Duration.ofHours(1)));
            assertThat(b.getLabels()).containsEntry("slaClock", "calendar");
        });
        assertThat(harness.stats().values()).allSatisfy(w -> {
            assertThat(w.getBusinessResponseLatencyP50Ms()).isNull();
            assertThat(w.getPolicyRevision()).isEqualTo("default");
        });
    }

    @Test
    void aPolicyChangedMidStreamAppliesToWaitsThatOpenAfterIt() {
        harness.send(inbound("c1", "a", "alice", 0, null)); // default SLA 1 h: due 11:00
        harness.setPolicy(Events.BRAND, sla(Duration.ofMinutes(10), null), UPDATED);
        harness.send(inbound("c2", "b", "bob", 5, null)); // new SLA 10 min: due 10:15
        harness.watermark(at(16));
        assertThat(harness.breaches())
                .extracting(
                        EngagementAlert::getEventId,
                        EngagementAlert::getThreshold,
                        a -> a.getDetectedAt().toEpochMilli())
                .containsExactly(tuple("b", 600.0, at(15)));
        assertThat(harness.window(Events.BRAND, at(0))).satisfies(w -> {
            assertThat(w.getSlaMillis()).isEqualTo(600_000L);
            assertThat(w.getPolicyRevision()).isEqualTo(UPDATED.toString());
        });

        harness.watermark(at(61));
        assertThat(harness.breaches())
                .extracting(
                        EngagementAlert::getEventId,
                        EngagementAlert::getThreshold,
                        a -> a.getDetectedAt().toEpochMilli())
                .containsExactly(tuple("b", 600.0, at(15)), tuple("a", 3600.0, at(60)));

        harness.sendPolicyBytes(Events.BRAND, null); // back to the default
        harness.send(inbound("c3", "c", "carol", 62, null));
        harness.watermark(at(62 + 30));
        assertThat(harness.breaches())
                .as("c3 waits under the default 1 h again")
                .hasSize(2);
        assertThat(harness.window(Events.BRAND, at(60)).getPolicyRevision()).isEqualTo("default");
    }

    @Test
    void aBrandsOwnThresholdDecidesItsBrandAlerts() {
        PolicyOverride strict = PolicyOverride.builder()
                .latencyP90(Duration.ofMinutes(1))
                .latencyMinSamples(1)
                .build();
        harness.setPolicy(Events.BRAND, strict, UPDATED);
        harness.send(inbound("c1", "q", "alice", 0, null), outbound("c1", "a", 5, "q"));
        harness.send(
                otherBrand("o1", "oq", Direction.INBOUND, 1, null),
                otherBrand("o1", "oa", Direction.OUTBOUND, 6, "oq"));
        harness.send(inbound("tick", "tick", "zed", 60 + 61, null)); // closes the first window (grace 1 h)

        assertThat(harness.alerts(AlertType.LATENCY_DEGRADED)).singleElement().satisfies(alert -> {
            assertThat(alert.getBrandId()).isEqualTo(Events.BRAND);
            assertThat(alert.getThreshold()).isEqualTo(60.0);
            assertThat(alert.getLabels()).containsEntry("policy", UPDATED.toString());
        });
    }

    @Test
    void anUnreadablePolicyRecordIsIgnored() {
        harness.sendPolicyBytes(Events.BRAND, "not avro".getBytes(StandardCharsets.UTF_8));
        harness.send(inbound("c1", "q", "alice", 0, null));
        harness.watermark(at(61));
        assertThat(harness.breaches())
                .singleElement()
                .satisfies(
                        b -> assertThat(b.getThreshold()).as("the default SLA").isEqualTo(3600.0));
    }

    private static PolicyOverride sla(Duration sla, BusinessHours hours) {
        return PolicyOverride.builder().sla(sla).businessHours(hours).build();
    }

    private static MessageEvent message(
            String conversation, String id, Direction direction, String author, Instant at, String inReplyTo) {
        MessageEvent e = Events.event(conversation, id, direction, author, 0, inReplyTo);
        e.setOccurredAt(at);
        return e;
    }

    private static MessageEvent otherBrand(
            String conversation, String id, Direction direction, double minute, String inReplyTo) {
        MessageEvent e = Events.event(
                conversation, id, direction, direction == Direction.INBOUND ? "olga" : "OtherCo", minute, inReplyTo);
        e.setBrandId("OtherCo");
        return e;
    }
}
