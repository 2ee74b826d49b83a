package dev.rapport.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.schema.AlertStatus;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.Direction;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.schema.Platform;
import dev.rapport.schema.Severity;
import dev.rapport.serde.DecodeFailure;
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
        return new MicrometerEngagementMetrics(registry, new MetricsSettings("127.0.0.1", 0, maxBrands, SLA,
                LatencyBuckets.parse("30s,1m,5m", SLA), Duration.ofSeconds(30)), clock::get);
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
        for (String histogram : new String[] {"rapport_response_latency_seconds", "rapport_first_response_latency_seconds"}) {
            assertThat(text.named(histogram + "_bucket").stream().map(s -> s.labels().get("le")))
                    .containsExactly("30.0", "60.0", "90.0", "300.0", "+Inf");
        }
        assertThat(text.value("rapport_response_latency_seconds_bucket", Map.of("le", "60.0"))).isZero();
        assertThat(text.value("rapport_response_latency_seconds_bucket", Map.of("le", "90.0"))).isEqualTo(1);
        assertThat(text.value("rapport_first_response_latency_seconds_bucket", Map.of("le", "90.0"))).isZero();
        assertThat(text.labelValues("quantile")).isEmpty();
        // Queries pick the SLA bucket with "and on(le) rapport_sla_seconds": the labels must be identical.
        assertThat(text.named("rapport_sla_seconds")).singleElement()
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
        assertThat(brands).hasSize(501).contains("other", "brand-0", "brand-499").doesNotContain("brand-500");
        assertThat(text.value("rapport_messages_total", Map.of("brand", "other"))).isEqualTo(1_500);
        assertThat(text.value("rapport_waiting_customers", Map.of("brand", "other"))).isEqualTo(1_500);
        assertThat(text.value("rapport_metrics_brands_overflow_total", Map.of())).isEqualTo(3 * 1_500);
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
        m.waitOpened("0_0", "acme", NOW - 120_000, NOW - 120_000 + 3_600_000);
        m.waitOpened("0_1", "acme", NOW - 30_000, NOW - 30_000 + 3_600_000);
        m.waitOpened("0_1", "acme", NOW - 30_000, NOW - 30_000 + 3_600_000);
        m.waitOpened("0_1", "globex", NOW - 10_000, NOW - 10_000 + 3_600_000);

        PrometheusText text = scrape();
        assertThat(text.value("rapport_waiting_customers", Map.of("brand", "acme"))).isEqualTo(3);
        assertThat(text.value("rapport_oldest_wait_age_seconds", Map.of("brand", "acme"))).isEqualTo(120);
        assertThat(text.value("rapport_alerts_firing", Map.of("brand", "acme"))).isEqualTo(1);
        assertThat(text.value("rapport_waiting_customers", Map.of("brand", "globex"))).isEqualTo(1);

        m.taskClosed("0_0");
        clock.addAndGet(5_000);
        text = scrape();
        assertThat(text.value("rapport_waiting_customers", Map.of("brand", "acme"))).isEqualTo(2);
        assertThat(text.value("rapport_oldest_wait_age_seconds", Map.of("brand", "acme"))).isEqualTo(35);
        assertThat(text.value("rapport_alerts_firing", Map.of("brand", "acme"))).isZero();

        m.waitClosed("0_1", "acme", NOW - 30_000, NOW - 30_000 + 3_600_000);
        assertThat(scrape().value("rapport_waiting_customers", Map.of("brand", "acme"))).isEqualTo(1);
        m.waitClosed("0_1", "acme", NOW - 30_000, NOW - 30_000 + 3_600_000);
        text = scrape();
        assertThat(text.value("rapport_waiting_customers", Map.of("brand", "acme"))).isZero();
        assertThat(text.value("rapport_oldest_wait_age_seconds", Map.of("brand", "acme"))).isZero();
        assertThat(text.value("rapport_waiting_customers", Map.of("brand", "globex"))).isEqualTo(1);
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
        assertThat(text.value("rapport_conversation_depth_reached_total", Map.of("level", "1"))).isEqualTo(2);
        assertThat(text.value("rapport_conversation_depth_reached_total", Map.of("level", "9"))).isEqualTo(1);
        assertThat(text.value("rapport_conversation_depth_reached_total", Map.of("level", "10+"))).isEqualTo(1);
    }

    @Test
    void countersCarryOnlyBoundedLabels() {
        MicrometerEngagementMetrics m = metrics(500);
        m.message("acme", Platform.INSTAGRAM, Direction.OUTBOUND, true);
        m.negativeLatency("acme");
        m.deadLetter(DecodeFailure.UNKNOWN_SCHEMA_ID);
        m.alert(alert("acme", "conversation-123", "customer-event-9"));

        PrometheusText text = scrape();
        assertThat(text.value("rapport_messages_total",
                Map.of("brand", "acme", "platform", "instagram", "direction", "outbound"))).isEqualTo(1);
        assertThat(text.value("rapport_broadcasts_total", Map.of("brand", "acme"))).isEqualTo(1);
        assertThat(text.value("rapport_negative_latencies_total", Map.of("brand", "acme"))).isEqualTo(1);
        assertThat(text.value("rapport_dead_letters_total", Map.of("reason", "unknown_schema_id"))).isEqualTo(1);
        assertThat(text.value("rapport_dead_letters_total", Map.of("reason", "avro_decode_failed"))).isZero();
        assertThat(text.value("rapport_alerts_total", Map.of("brand", "acme", "type", "sla_breach", "status", "firing")))
                .isEqualTo(1);
        assertThat(text.samples()).allSatisfy(s -> assertThat(s.labels().keySet())
                .isSubsetOf("brand", "platform", "direction", "level", "type", "status", "reason", "le"));
        assertThat(registry.scrape()).doesNotContain("conversation-123", "customer-event-9");
    }

    private static EngagementAlert alert(String brand, String conversation, String eventId) {
        return EngagementAlert.newBuilder()
                .setAlertId("SLA_BREACH:" + brand + ":" + conversation + ":" + eventId)
                .setType(AlertType.SLA_BREACH).setStatus(AlertStatus.FIRING).setSeverity(Severity.CRITICAL)
                .setBrandId(brand).setConversationId(conversation).setEventId(eventId).setPlatform(Platform.TWITTER)
                .setWindowStart(null).setWindowEnd(null).setObservedValue(90).setThreshold(90)
                .setDetectedAt(Instant.ofEpochMilli(NOW)).setEmittedAt(Instant.ofEpochMilli(NOW))
                .setMessage("waited").setLabels(Map.of())
                .build();
    }
}
