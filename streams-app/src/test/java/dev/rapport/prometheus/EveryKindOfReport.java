package dev.rapport.prometheus;

import dev.rapport.metrics.EngagementMetrics;
import dev.rapport.schema.AlertStatus;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.Direction;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.schema.Platform;
import dev.rapport.schema.Severity;
import dev.rapport.serde.DecodeFailure;
import dev.rapport.stats.BrandWindowAccumulator;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** Every kind of report the topology makes, for tests that need every series Rapport can export. */
final class EveryKindOfReport {
    private EveryKindOfReport() {}

    /**
     * Each brand on two platforms both ways, with broadcasts (one engaged), answers (some within
     * the SLA, some on the other platform), both wait outcomes, deep threads, open waits, an SLA
     * breach, a brand alert firing, and a window with responders.
     */
    static void feed(EngagementMetrics metrics, int brands, long now) {
        for (int b = 0; b < brands; b++) {
            String brand = "brand-" + b;
            for (Platform platform : new Platform[] {Platform.TWITTER, Platform.INSTAGRAM}) {
                metrics.message(brand, platform, Direction.INBOUND, false);
                metrics.message(brand, platform, Direction.OUTBOUND, true);
                metrics.responseLatency(brand, platform, 90_000);
                metrics.firstResponseLatency(brand, platform, 90_000);
                metrics.waitOutcome(brand, platform, true);
                metrics.waitOutcome(brand, platform, false);
                metrics.answeredWithinSla(brand, platform);
                metrics.answeredOnOtherPlatform(brand, platform);
            }
            metrics.broadcastEngaged(brand);
            metrics.negativeLatency(brand);
            for (int level = 1; level <= 12; level++) {
                metrics.depthReached(brand, level);
            }
            metrics.waitOpened("0_" + (b % 3), brand, now - 7_200_000, now - 3_600_000);
            metrics.alert(EngagementAlert.newBuilder()
                    .setAlertId("SLA_BREACH:" + brand)
                    .setType(AlertType.SLA_BREACH)
                    .setStatus(AlertStatus.FIRING)
                    .setSeverity(Severity.CRITICAL)
                    .setBrandId(brand)
                    .setConversationId(null)
                    .setEventId(null)
                    .setPlatform(Platform.TWITTER)
                    .setWindowStart(null)
                    .setWindowEnd(null)
                    .setObservedValue(3600)
                    .setThreshold(3600)
                    .setDetectedAt(Instant.ofEpochMilli(now))
                    .setEmittedAt(Instant.ofEpochMilli(now))
                    .setMessage("waited")
                    .setLabels(Map.of())
                    .build());
            metrics.brandAlertsFiring("1_" + (b % 3), brand, Map.of(AlertType.CHANNEL_GAP, 1));
            BrandWindowStats window = new BrandWindowAccumulator().toStats(brand, now - 3_600_000, now);
            window.setResponders(3);
            window.setTopResponderShare(0.5);
            metrics.brandWindow("1_" + (b % 3), window);
        }
        for (DecodeFailure reason : DecodeFailure.values()) {
            metrics.deadLetter(reason);
        }
    }

    /**
     * One brand with everything that can give it a series: messages both ways and waits of every
     * kind on every platform, every alert type Rapport emits in both statuses, every brand alert
     * type firing at once.
     */
    static void feedWorstCase(EngagementMetrics metrics, String brand, long now) {
        for (Platform platform : Platform.values()) {
            for (Direction direction : Direction.values()) {
                metrics.message(brand, platform, direction, direction == Direction.OUTBOUND);
            }
            metrics.responseLatency(brand, platform, 90_000);
            metrics.firstResponseLatency(brand, platform, 90_000);
            metrics.waitOutcome(brand, platform, true);
            metrics.waitOutcome(brand, platform, false);
            metrics.answeredWithinSla(brand, platform);
            metrics.answeredOnOtherPlatform(brand, platform);
        }
        metrics.broadcastEngaged(brand);
        metrics.negativeLatency(brand);
        for (int level = 1; level <= 12; level++) {
            metrics.depthReached(brand, level);
        }
        metrics.waitOpened("0_0", brand, now - 7_200_000, now - 3_600_000);
        Map<AlertType, Integer> brandAlerts = new EnumMap<>(AlertType.class);
        for (AlertType type : AlertType.values()) {
            if (type == AlertType.UNKNOWN) {
                continue;
            }
            for (AlertStatus status : AlertStatus.values()) {
                metrics.alert(alert(brand, type, status, now));
            }
            if (type != AlertType.SLA_BREACH && type != AlertType.SLA_WARNING) {
                brandAlerts.put(type, 1);
            }
        }
        metrics.brandAlertsFiring("1_0", brand, brandAlerts);
        BrandWindowStats window = new BrandWindowAccumulator().toStats(brand, now - 3_600_000, now);
        metrics.brandWindow("1_0", window);
    }

    private static EngagementAlert alert(String brand, AlertType type, AlertStatus status, long now) {
        return EngagementAlert.newBuilder()
                .setAlertId(type + ":" + brand)
                .setType(type)
                .setStatus(status)
                .setSeverity(Severity.WARNING)
                .setBrandId(brand)
                .setConversationId(null)
                .setEventId(null)
                .setPlatform(null)
                .setWindowStart(null)
                .setWindowEnd(null)
                .setObservedValue(1)
                .setThreshold(1)
                .setDetectedAt(Instant.ofEpochMilli(now))
                .setEmittedAt(Instant.ofEpochMilli(now))
                .setMessage("worst case")
                .setLabels(Map.of())
                .build();
    }
}
