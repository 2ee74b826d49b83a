package dev.rapport.topology;

import static dev.rapport.topology.Events.inbound;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.calendar.BusinessHours;
import dev.rapport.config.RapportConfig;
import dev.rapport.policy.AlertThresholds;
import dev.rapport.policy.PolicyOverride;
import dev.rapport.prometheus.MetricsSettings;
import dev.rapport.prometheus.MicrometerEngagementMetrics;
import dev.rapport.schema.Direction;
import dev.rapport.schema.MessageEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the production topology reports to live monitoring, read back from the registry: SLA
 * breaches in progress on each brand's own SLA clock, brand alerts firing as the brand-alert
 * state holds them, and the responders of each brand's newest window. Hour windows with 15
 * minutes of grace; the default SLA is 1 h.
 */
class LiveMetricsTest {
    /** DST began on Sunday 2026-03-08: Friday is UTC-5, Monday UTC-4. */
    private static final BusinessHours NEW_YORK_OFFICE =
            BusinessHours.parse("America/New_York", "Mon-Fri 09:00-17:00", "");

    private static final Instant FRIDAY_1630 = Instant.parse("2026-03-06T21:30:00Z");
    private static final Instant UPDATED = Instant.parse("2026-03-01T08:00:00Z");
    private static final AlertThresholds THRESHOLDS = AlertThresholds.builder()
            .slaWarningFraction(0.8)
            .hysteresis(0.2)
            .latencyP90(Duration.ofMinutes(30))
            .latencyMinSamples(3)
            // BROADCAST_HEAVY: broadcasts / outbound > 0.5 over >= 4 outbound
            .broadcastRatio(0.5)
            .broadcastMinOutbound(4)
            .dropFraction(0.5)
            .baselineAlpha(0.5)
            .baselineWindows(2)
            .minBaseline(2)
            .channelGapRatio(0.5)
            .channelGapMinWaits(4)
            .responseRateMin(0.9)
            .responseRateMinWaits(20)
            .build();

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicLong wallClock = new AtomicLong(FRIDAY_1630.toEpochMilli());
    private final TopologyHarness harness = new TopologyHarness(
            EngagementSettings.builder()
                    .window(Duration.ofHours(1))
                    .grace(Duration.ofMinutes(15))
                    .sla(Duration.ofHours(1))
                    .alerts(THRESHOLDS)
                    .wallClockDeadlines(false)
                    .build(),
            new MicrometerEngagementMetrics(registry, MetricsSettings.from(RapportConfig.defaults()), wallClock::get));
    private int ids;

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void breachesInProgressFollowEachBrandsOwnSlaAndBusinessHours() {
        harness.setPolicy(Events.BRAND, policy(Duration.ofHours(1), NEW_YORK_OFFICE), UPDATED);
        harness.setPolicy("QuickBrand", policy(Duration.ofMinutes(10), null), UPDATED);
        for (String brand : new String[] {Events.BRAND, "QuickBrand", "DefaultBrand"}) {
            harness.send(customerWrites(brand, FRIDAY_1630));
        }

        wallClock.set(FRIDAY_1630.plus(Duration.ofMinutes(20)).toEpochMilli());
        assertThat(breachesInProgress("QuickBrand"))
                .as("20 min against its 10 min SLA")
                .isEqualTo(1);
        assertThat(breachesInProgress("DefaultBrand")).isZero();
        assertThat(breachesInProgress(Events.BRAND)).isZero();

        wallClock.set(Instant.parse("2026-03-07T17:00:00Z").toEpochMilli());
        assertThat(breachesInProgress("DefaultBrand"))
                .as("the default 1 h SLA, calendar time")
                .isEqualTo(1);
        assertThat(breachesInProgress(Events.BRAND))
                .as("30 business minutes: closed since Friday 17:00")
                .isZero();

        // 1 h of open time: 30 min on Friday and 30 on Monday, 09:30 EDT = 13:30Z.
        wallClock.set(Instant.parse("2026-03-09T13:30:00Z").toEpochMilli());
        assertThat(breachesInProgress(Events.BRAND))
                .as("at the deadline, not past it")
                .isZero();
        wallClock.addAndGet(1);
        assertThat(breachesInProgress(Events.BRAND)).isEqualTo(1);
        assertThat(gauge("rapport.waiting.customers", Events.BRAND, null)).isEqualTo(1);
    }

    @Test
    void aBrandAlertShowsAsFiringFromTheWindowThatFiresItToTheOneThatResolvesIt() {
        outboundMix(0, 3, 2); // 3 of 5 broadcasts: fires when window 0 closes
        assertThat(firing("broadcast_heavy")).as("window 0 is still open").isZero();
        closeThrough(0);
        assertThat(firing("broadcast_heavy")).isEqualTo(1);
        outboundMix(1, 0, 5); // no broadcasts: resolves when window 1 closes
        closeThrough(1);
        assertThat(firing("broadcast_heavy")).isZero();
    }

    @Test
    void respondersShowTheNewestWindowAndEverythingATaskReportedLeavesWithIt() {
        outboundMix(0, 3, 2); // agent-1 writes the broadcasts and a reply, agent-2 a reply
        assertThat(gauge("rapport.window.responders", Events.BRAND, null)).isEqualTo(2);
        assertThat(gauge("rapport.window.top.responder.share", Events.BRAND, null))
                .isEqualTo(0.8);

        closeThrough(0); // a customer message in window 1, which has no brand message yet
        assertThat(gauge("rapport.window.responders", Events.BRAND, null)).isZero();
        assertThat(gauge("rapport.window.top.responder.share", Events.BRAND, null))
                .isNaN();
        assertThat(firing("broadcast_heavy")).isEqualTo(1);

        harness.close();
        assertThat(firing("broadcast_heavy"))
                .as("the brand's task left this instance")
                .isZero();
        assertThat(gauge("rapport.window.responders", Events.BRAND, null)).isNaN();
    }

    private double breachesInProgress(String brand) {
        return gauge("rapport.alerts.firing", brand, "sla_breach");
    }

    /** A brand alert type's gauge exists from the first time one fires: before that, none fires. */
    private double firing(String type) {
        Gauge gauge = registry.find("rapport.alerts.firing")
                .tag("brand", Events.BRAND)
                .tag("type", type)
                .gauge();
        return gauge == null ? 0 : gauge.value();
    }

    private double gauge(String name, String brand, String type) {
        var search = registry.get(name).tag("brand", brand);
        return (type == null ? search : search.tag("type", type)).gauge().value();
    }

    private MessageEvent customerWrites(String brand, Instant at) {
        String c = brand + "-c" + (++ids);
        MessageEvent event = MessageEvent.newBuilder(inbound(c, c + "q", "customer" + ids, 0, null))
                .setBrandId(brand)
                .build();
        event.setOccurredAt(at);
        return event;
    }

    /** In window k: {@code broadcasts} by agent-1, then {@code replies} alternating agent-1 and agent-2. */
    private void outboundMix(int window, int broadcasts, int replies) {
        for (int i = 0; i < broadcasts; i++) {
            String c = "b" + (++ids);
            harness.send(Events.event(c, c + "a", Direction.OUTBOUND, "agent-1", 60 * window + 10 + i, null));
        }
        for (int i = 0; i < replies; i++) {
            String c = "r" + (++ids);
            harness.send(
                    inbound(c, c + "q", "customer" + ids, 60 * window + 20 + i, null),
                    Events.event(
                            c, c + "a", Direction.OUTBOUND, "agent-" + (1 + i % 2), 60 * window + 21 + i, c + "q"));
        }
    }

    /** Moves stream time to the end of window k + grace with a new customer's message in window k + 1. */
    private void closeThrough(int window) {
        String c = "tick" + (++ids);
        harness.send(inbound(c, c, "zed" + ids, 60 * (window + 1) + 15, null));
    }

    private static PolicyOverride policy(Duration sla, BusinessHours hours) {
        return PolicyOverride.builder().sla(sla).businessHours(hours).build();
    }
}
