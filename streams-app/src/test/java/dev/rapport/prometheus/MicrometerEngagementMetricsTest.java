package dev.rapport.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.schema.AlertStatus;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.Direction;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.schema.Platform;
import dev.rapport.schema.Severity;
import dev.rapport.serde.DecodeFailure;
import dev.rapport.stats.BrandWindowAccumulator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MicrometerEngagementMetricsTest {
    private static final Duration SLA = Duration.ofSeconds(90);
    private static final long NOW = Instant.parse("2026-11-23T12:00:00Z").toEpochMilli();

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicLong clock = new AtomicLong(NOW);

    private MicrometerEngagementMetrics metrics(int maxBrands) {
        return new MicrometerEngagementMetrics(
                registry,
                new MetricsSettings(
                        "127.0.0.1", 0, maxBrands, SLA, LatencyBuckets.parse("30s,1m,5m", SLA), Duration.ofSeconds(30)),
                clock::get);
    }

    private PrometheusText scrape() {
        return PrometheusText.parse(registry.scrape());
    }

    @Test
    void latencyHistogramsHaveTheConfiguredBucketsAndTheSlaAndNoPercentiles() {
        MicrometerEngagementMetrics m = metrics(500);
        m.responseLatency("acme", Platform.TWITTER, 80_000);
        m.firstResponseLatency("acme", Platform.TWITTER, 100_000);

        PrometheusText text = scrape();
        for (String histogram :
                new String[] {"rapport_response_latency_seconds", "rapport_first_response_latency_seconds"}) {
            assertThat(text.named(histogram + "_bucket").stream()
                            .map(s -> s.labels().get("le")))
                    .containsExactly("30.0", "60.0", "90.0", "300.0", "+Inf");
        }
        assertThat(text.value("rapport_response_latency_seconds_bucket", Map.of("le", "60.0")))
                .isZero();
        assertThat(text.value("rapport_response_latency_seconds_bucket", Map.of("le", "90.0")))
                .isEqualTo(1);
        assertThat(text.value("rapport_first_response_latency_seconds_bucket", Map.of("le", "90.0")))
                .isZero();
        assertThat(text.labelValues("quantile")).isEmpty();
        // Queries pick the SLA bucket with "and on(le) rapport_sla_seconds": the labels must be identical.
        assertThat(text.named("rapport_sla_seconds"))
                .singleElement()
                .satisfies(s -> assertThat(s.labels()).containsEntry("le", "90.0"))
                .satisfies(s -> assertThat(s.value()).isEqualTo(90.0));
    }

    @Test
    void twoThousandBrandsGiveAtMostMaxBrandsPlusOtherLabelValues() {
        MicrometerEngagementMetrics m = metrics(500);
        for (int i = 0; i < 2_000; i++) {
            String brand = "brand-" + i;
            m.message(brand, Platform.TWITTER, Direction.INBOUND, false);
            m.responseLatency(brand, Platform.TWITTER, 1_000);
            m.waitOpened("0_0", brand, NOW, NOW + 3_600_000);
        }

        PrometheusText text = scrape();
        Set<String> brands = text.labelValues("brand");
        assertThat(brands)
                .hasSize(501)
                .contains("other", "brand-0", "brand-499")
                .doesNotContain("brand-500");
        assertThat(text.value("rapport_messages_total", Map.of("brand", "other")))
                .isEqualTo(1_500);
        assertThat(text.value("rapport_waiting_customers", Map.of("brand", "other")))
                .isEqualTo(1_500);
        assertThat(text.value("rapport_metrics_brands_overflow_total", Map.of()))
                .isEqualTo(3 * 1_500);
    }

    /** Ids that differ past the label's length share it, beyond the ids remembered for their label, and never overflow. */
    @Test
    void idsThatShareALabelAllReportUnderIt() {
        MicrometerEngagementMetrics m = metrics(2);
        String shared = "x".repeat(BrandLabels.MAX_LENGTH);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 20; i++) {
                m.message(shared + i, Platform.TWITTER, Direction.INBOUND, false);
            }
        }
        m.message("other", Platform.TWITTER, Direction.INBOUND, false);
        m.message("other", Platform.TWITTER, Direction.INBOUND, false);

        PrometheusText text = scrape();
        assertThat(text.value("rapport_messages_total", Map.of("brand", shared)))
                .isEqualTo(40);
        assertThat(text.value("rapport_messages_total", Map.of("brand", "_other")))
                .isEqualTo(2);
        assertThat(text.value("rapport_metrics_brands_overflow_total", Map.of()))
                .isZero();
    }

    @Test
    void brandIdsAreSanitizedAndCapped() {
        assertThat(BrandLabels.sanitize("Acme Support/EU \"quoted\"\n")).isEqualTo("Acme_Support_EU__quoted__");
        assertThat(BrandLabels.sanitize("x".repeat(300))).hasSize(BrandLabels.MAX_LENGTH);
        assertThat(BrandLabels.sanitize("other")).isEqualTo("_other");
        assertThat(BrandLabels.sanitize("")).isEqualTo("_");
        assertThat(BrandLabels.sanitize("dev.rapport_Brand-1")).isEqualTo("dev.rapport_Brand-1");

        metrics(500).message("Zoë's café", Platform.EMAIL, Direction.OUTBOUND, true);
        assertThat(scrape().labelValues("brand")).containsExactly("Zo__s_caf_");
    }

    @Test
    void waitGaugesSumOverTasksAndForgetAClosedTask() {
        MicrometerEngagementMetrics m = metrics(500);
        m.waitOpened("0_0", "acme", NOW - 120_000, NOW - 120_000 + SLA.toMillis());
        m.waitOpened("0_1", "acme", NOW - 30_000, NOW - 30_000 + SLA.toMillis());
        m.waitOpened("0_1", "acme", NOW - 30_000, NOW - 30_000 + SLA.toMillis());
        m.waitOpened("0_1", "globex", NOW - 10_000, NOW - 10_000 + SLA.toMillis());

        PrometheusText text = scrape();
        assertThat(text.value("rapport_waiting_customers", Map.of("brand", "acme")))
                .isEqualTo(3);
        assertThat(text.value("rapport_oldest_wait_age_seconds", Map.of("brand", "acme")))
                .isEqualTo(120);
        assertThat(text.value("rapport_alerts_firing", Map.of("brand", "acme"))).isEqualTo(1);
        assertThat(text.value("rapport_waiting_customers", Map.of("brand", "globex")))
                .isEqualTo(1);

        m.taskClosed("0_0");
        clock.addAndGet(5_000);
        text = scrape();
        assertThat(text.value("rapport_waiting_customers", Map.of("brand", "acme")))
                .isEqualTo(2);
        assertThat(text.value("rapport_oldest_wait_age_seconds", Map.of("brand", "acme")))
                .isEqualTo(35);
        assertThat(text.value("rapport_alerts_firing", Map.of("brand", "acme"))).isZero();

        m.waitClosed("0_1", "acme", NOW - 30_000, NOW - 30_000 + SLA.toMillis());
        assertThat(scrape().value("rapport_waiting_customers", Map.of("brand", "acme")))
                .isEqualTo(1);
        m.waitClosed("0_1", "acme", NOW - 30_000, NOW - 30_000 + SLA.toMillis());
        text = scrape();
        assertThat(text.value("rapport_waiting_customers", Map.of("brand", "acme")))
                .isZero();
        assertThat(text.value("rapport_oldest_wait_age_seconds", Map.of("brand", "acme")))
                .isZero();
        assertThat(text.value("rapport_waiting_customers", Map.of("brand", "globex")))
                .isEqualTo(1);
    }

    @Test
    void breachesInProgressCountEachWaitAgainstItsOwnDeadline() {
        MicrometerEngagementMetrics m = metrics(500);
        // Started long ago, but its brand's business hours put the deadline tomorrow.
        m.waitOpened("0_0", "acme", NOW - 7_200_000, NOW + 86_400_000);
        // Started 30 s ago on a brand with a 10 s SLA.
        m.waitOpened("0_1", "acme", NOW - 30_000, NOW - 20_000);
        // Exactly at its deadline: a wait breaches only when it lasts longer than its SLA.
        m.waitOpened("0_1", "acme", NOW - SLA.toMillis(), NOW);

        assertThat(scrape().value("rapport_alerts_firing", Map.of("brand", "acme", "type", "sla_breach")))
                .isEqualTo(1);
        clock.addAndGet(1);
        assertThat(scrape().value("rapport_alerts_firing", Map.of("brand", "acme", "type", "sla_breach")))
                .isEqualTo(2);
        m.waitClosed("0_1", "acme", NOW - 30_000, NOW - 20_000);
        assertThat(scrape().value("rapport_alerts_firing", Map.of("brand", "acme", "type", "sla_breach")))
                .isEqualTo(1);
        clock.set(NOW + 86_400_001);
        assertThat(scrape().value("rapport_alerts_firing", Map.of("brand", "acme", "type", "sla_breach")))
                .isEqualTo(2);
        assertThat(scrape().value("rapport_waiting_customers", Map.of("brand", "acme")))
                .isEqualTo(2);
    }

    @Test
    void waitOutcomesAndLatenciesGoByTheWaitsPlatformAndExistOnlyForPlatformsCustomersWroteOn() {
        MicrometerEngagementMetrics m = metrics(500);
        m.message("acme", Platform.WHATSAPP, Direction.INBOUND, false);
        m.message("acme", Platform.FACEBOOK, Direction.OUTBOUND, true);
        PrometheusText before = scrape();
        assertThat(before.value(
                        "rapport_wait_outcomes_total",
                        Map.of("brand", "acme", "platform", "whatsapp", "outcome", "unanswered")))
                .as("a customer wrote: the wait series start at 0 so increase() sees the first outcome")
                .isZero();
        assertThat(before.value("rapport_response_latency_seconds_count", Map.of("platform", "whatsapp")))
                .isZero();
        assertThat(before.labelValues("platform"))
                .as("no wait series for a platform only the brand wrote on")
                .containsExactlyInAnyOrder("whatsapp", "facebook");
        assertThat(before.named("rapport_wait_outcomes_total"))
                .allSatisfy(s -> assertThat(s.labels()).containsEntry("platform", "whatsapp"));

        m.waitOutcome("acme", Platform.WHATSAPP, true);
        m.waitOutcome("acme", Platform.WHATSAPP, true);
        m.waitOutcome("acme", Platform.WHATSAPP, false);
        m.waitOutcome("acme", Platform.INSTAGRAM, false);
        m.answeredWithinSla("acme", Platform.WHATSAPP);
        m.answeredOnOtherPlatform("acme", Platform.WHATSAPP);
        m.responseLatency("acme", Platform.WHATSAPP, 40_000);
        m.responseLatency("acme", Platform.INSTAGRAM, 100_000);
        m.firstResponseLatency("acme", Platform.INSTAGRAM, 100_000);
        m.broadcastEngaged("acme");

        PrometheusText text = scrape();
        assertThat(text.value(
                        "rapport_wait_outcomes_total",
                        Map.of("brand", "acme", "platform", "whatsapp", "outcome", "answered_in_time")))
                .isEqualTo(2);
        assertThat(text.value(
                        "rapport_wait_outcomes_total",
                        Map.of("brand", "acme", "platform", "whatsapp", "outcome", "unanswered")))
                .isEqualTo(1);
        assertThat(text.value(
                        "rapport_wait_outcomes_total",
                        Map.of("brand", "acme", "platform", "instagram", "outcome", "unanswered")))
                .isEqualTo(1);
        assertThat(text.value("rapport_waits_answered_within_sla_total", Map.of("platform", "whatsapp")))
                .isEqualTo(1);
        assertThat(text.value("rapport_waits_answered_within_sla_total", Map.of("platform", "instagram")))
                .isZero();
        assertThat(text.value("rapport_waits_answered_on_other_platform_total", Map.of("platform", "whatsapp")))
                .isEqualTo(1);
        assertThat(text.value("rapport_broadcasts_engaged_total", Map.of("brand", "acme")))
                .isEqualTo(1);
        assertThat(text.value("rapport_response_latency_seconds_bucket", Map.of("platform", "whatsapp", "le", "60.0")))
                .isEqualTo(1);
        assertThat(text.value("rapport_response_latency_seconds_bucket", Map.of("platform", "instagram", "le", "60.0")))
                .isZero();
        assertThat(text.value("rapport_first_response_latency_seconds_count", Map.of("platform", "instagram")))
                .isEqualTo(1);
        assertThat(text.value("rapport_first_response_latency_seconds_count", Map.of("platform", "whatsapp")))
                .isZero();
        assertThat(text.labelValues("outcome")).containsExactlyInAnyOrder("answered_in_time", "unanswered");
    }

    @Test
    void responderGaugesShowTheNewestWindowAndLeaveWithTheirTask() {
        MicrometerEngagementMetrics m = metrics(500);
        m.brandWindow("1_0", window("acme", NOW, 3, 0.5));
        m.brandWindow("1_0", window("acme", NOW - 3_600_000, 9, 0.9));
        PrometheusText text = scrape();
        assertThat(text.value("rapport_window_responders", Map.of("brand", "acme")))
                .as("a late update of an older window does not replace the newest")
                .isEqualTo(3);
        assertThat(text.value("rapport_window_top_responder_share", Map.of("brand", "acme")))
                .isEqualTo(0.5);

        m.brandWindow("1_0", window("acme", NOW + 3_600_000, 0, null));
        text = scrape();
        assertThat(text.value("rapport_window_responders", Map.of("brand", "acme")))
                .isZero();
        assertThat(text.value("rapport_window_top_responder_share", Map.of("brand", "acme")))
                .as("no brand message in the window: no share")
                .isNaN();

        m.taskClosed("1_0");
        assertThat(scrape().value("rapport_window_responders", Map.of("brand", "acme")))
                .isNaN();
        m.brandWindow("1_2", window("acme", NOW + 3_600_000, 4, 0.25));
        assertThat(scrape().value("rapport_window_responders", Map.of("brand", "acme")))
                .isEqualTo(4);
        assertThat(scrape().labelValues("brand")).containsExactly("acme");
    }

    @Test
    void firingBrandAlertsAreReplacedPerBrandAddUpUnderOtherAndLeaveWithTheirTask() {
        MicrometerEngagementMetrics m = metrics(1);
        m.brandAlertsFiring("1_0", "acme", Map.of(AlertType.CHANNEL_GAP, 2, AlertType.RESPONSE_RATE_LOW, 1));
        m.brandAlertsFiring("1_0", "globex", Map.of(AlertType.CHANNEL_GAP, 1));
        m.brandAlertsFiring("1_1", "initech", Map.of(AlertType.CHANNEL_GAP, 1));
        PrometheusText text = scrape();
        assertThat(text.value("rapport_alerts_firing", Map.of("brand", "acme", "type", "channel_gap")))
                .isEqualTo(2);
        assertThat(text.value("rapport_alerts_firing", Map.of("brand", "acme", "type", "response_rate_low")))
                .isEqualTo(1);
        assertThat(text.value("rapport_alerts_firing", Map.of("brand", "other", "type", "channel_gap")))
                .as("globex and initech, beyond metrics.max-brands")
                .isEqualTo(2);
        assertThat(text.named("rapport_alerts_firing"))
                .as("no gauge of a type that never fired")
                .noneSatisfy(s -> assertThat(s.labels()).containsEntry("type", "broadcast_heavy"));

        m.brandAlertsFiring("1_0", "acme", Map.of(AlertType.CHANNEL_GAP, 1));
        m.brandAlertsFiring("1_0", "globex", Map.of());
        text = scrape();
        assertThat(text.value("rapport_alerts_firing", Map.of("brand", "acme", "type", "channel_gap")))
                .isEqualTo(1);
        assertThat(text.value("rapport_alerts_firing", Map.of("brand", "acme", "type", "response_rate_low")))
                .isZero();
        assertThat(text.value("rapport_alerts_firing", Map.of("brand", "other", "type", "channel_gap")))
                .isEqualTo(1);

        m.taskClosed("1_1");
        assertThat(scrape().value("rapport_alerts_firing", Map.of("brand", "other", "type", "channel_gap")))
                .isZero();
        assertThat(scrape().value("rapport_alerts_firing", Map.of("brand", "acme", "type", "channel_gap")))
                .isEqualTo(1);
    }

    private static BrandWindowStats window(String brand, long start, long responders, Double topResponderShare) {
        BrandWindowStats stats = new BrandWindowAccumulator().toStats(brand, start, start + 3_600_000);
        stats.setResponders(responders);
        stats.setTopResponderShare(topResponderShare);
        return stats;
    }

    @Test
    void depthLevelsStopAtTenPlusWhichCountsADeepConversationOnce() {
        MicrometerEngagementMetrics m = metrics(500);
        for (int level = 1; level <= 15; level++) {
            m.depthReached("acme", level);
        }
        m.depthReached("acme", 1);

        PrometheusText text = scrape();
        assertThat(text.labelValues("level"))
                .containsExactlyInAnyOrder("1", "2", "3", "4", "5", "6", "7", "8", "9", "10+");
        assertThat(text.value("rapport_conversation_depth_reached_total", Map.of("level", "1")))
                .isEqualTo(2);
        assertThat(text.value("rapport_conversation_depth_reached_total", Map.of("level", "9")))
                .isEqualTo(1);
        assertThat(text.value("rapport_conversation_depth_reached_total", Map.of("level", "10+")))
                .isEqualTo(1);
    }

    @Test
    void countersCarryOnlyBoundedLabels() {
        MicrometerEngagementMetrics m = metrics(500);
        m.message("acme", Platform.INSTAGRAM, Direction.OUTBOUND, true);
        m.negativeLatency("acme");
        m.deadLetter(DecodeFailure.UNKNOWN_SCHEMA_ID);
        m.alert(alert("acme", "conversation-123", "customer-event-9"));

        PrometheusText text = scrape();
        assertThat(text.value(
                        "rapport_messages_total",
                        Map.of("brand", "acme", "platform", "instagram", "direction", "outbound")))
                .isEqualTo(1);
        assertThat(text.value("rapport_broadcasts_total", Map.of("brand", "acme")))
                .isEqualTo(1);
        assertThat(text.value("rapport_negative_latencies_total", Map.of("brand", "acme")))
                .isEqualTo(1);
        assertThat(text.value("rapport_dead_letters_total", Map.of("reason", "unknown_schema_id")))
                .isEqualTo(1);
        assertThat(text.value("rapport_dead_letters_total", Map.of("reason", "avro_decode_failed")))
                .isZero();
        assertThat(text.value(
                        "rapport_alerts_total", Map.of("brand", "acme", "type", "sla_breach", "status", "firing")))
                .isEqualTo(1);
        assertThat(text.samples())
                .allSatisfy(s -> assertThat(s.labels().keySet())
                        .isSubsetOf(
                                "brand",
                                "platform",
                                "direction",
                                "level",
                                "type",
                                "status",
                                "reason",
                                "outcome",
                                "le"));
        assertThat(registry.scrape()).doesNotContain("conversation-123", "customer-event-9");
    }

    private static EngagementAlert alert(String brand, String conversation, String eventId) {
        return EngagementAlert.newBuilder()
                .setAlertId("SLA_BREACH:" + brand + ":" + conversation + ":" + eventId)
                .setType(AlertType.SLA_BREACH)
                .setStatus(AlertStatus.FIRING)
                .setSeverity(Severity.CRITICAL)
                .setBrandId(brand)
                .setConversationId(conversation)
                .setEventId(eventId)
                .setPlatform(Platform.TWITTER)
                .setWindowStart(null)
                .setWindowEnd(null)
                .setObservedValue(90)
                .setThreshold(90)
                .setDetectedAt(Instant.ofEpochMilli(NOW))
                .setEmittedAt(Instant.ofEpochMilli(NOW))
                .setMessage("waited")
                .setLabels(Map.of())
                .build();
    }
}
