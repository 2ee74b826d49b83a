package dev.rapport.alert;

import dev.rapport.alert.BrandAlertState.Firing;
import dev.rapport.policy.AlertThresholds;
import dev.rapport.policy.Policy;
import dev.rapport.schema.AlertStatus;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.stats.BrandWindowAccumulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * Evaluates a brand's closed windows, one after the other in window order, free of Kafka: the
 * live processor and replay run exactly this. An alert fires on the first window whose reading
 * breaches its threshold and resolves on the first later window whose reading clears it past the
 * hysteresis band; its id names the brand, the condition and the window it fired in. Each window is
 * judged by the brand's policy at the time it is judged, and the record names that policy.
 */
public final class BrandAlertRules {

    /**
     * Evaluates, in order, every window of {@code brandId} from {@code state.nextWindowStart()}
     * that ends at or before {@code closedUpTo}. A window without activity is evaluated too, with
     * zero counts: silence is what an engagement drop looks like.
     *
     * @param windowAt the brand's final stats of the window starting at the given time, or null if it had no events
     */
    public List<EngagementAlert> evaluateClosed(
            BrandAlertState state,
            String brandId,
            Duration windowSize,
            long closedUpTo,
            LongFunction<BrandWindowStats> windowAt,
            Policy policy,
            long emittedAt) {
        List<EngagementAlert> alerts = new ArrayList<>();
        long size = windowSize.toMillis();
        while (state.nextWindowStart + size <= closedUpTo) {
            long start = state.nextWindowStart;
            BrandWindowStats window = windowAt.apply(start);
            alerts.addAll(evaluate(
                    state,
                    window != null ? window : new BrandWindowAccumulator().toStats(brandId, start, start + size),
                    policy,
                    emittedAt));
        }
        return alerts;
    }

    /**
     * Evaluates {@code window}, the brand's window starting at {@code state.nextWindowStart()}, and
     * moves the state on to the next window.
     */
    public List<EngagementAlert> evaluate(
            BrandAlertState state, BrandWindowStats window, Policy policy, long emittedAt) {
        AlertThresholds thresholds = policy.thresholds();
        List<EngagementAlert> alerts = new ArrayList<>();
        for (BrandCondition condition : conditions(thresholds)) {
            for (Reading reading : condition.read(window, state)) {
                String key = reading.platform() == null
                        ? condition.type().name()
                        : condition.type() + ":" + reading.platform();
                Firing firing = state.firing.get(key);
                if (firing == null && reading.breaches()) {
                    String alertId = key + ":" + window.getBrandId() + ":"
                            + window.getWindowStart().toEpochMilli();
                    state.firing.put(
                            key, new Firing(alertId, window.getWindowStart().toEpochMilli()));
                    alerts.add(record(alertId, condition, reading, window, AlertStatus.FIRING, policy, emittedAt));
                } else if (firing != null && reading.clears(thresholds.hysteresis())) {
                    state.firing.remove(key);
                    alerts.add(record(
                            firing.alertId(), condition, reading, window, AlertStatus.RESOLVED, policy, emittedAt));
                }
            }
        }
        updateBaseline(state, EngagementDrop.depth3(window), thresholds);
        state.nextWindowStart = window.getWindowEnd().toEpochMilli();
        return alerts;
    }

    private static List<BrandCondition> conditions(AlertThresholds thresholds) {
        return List.of(
                new LatencyDegraded(thresholds),
                new BroadcastHeavy(thresholds),
                new EngagementDrop(thresholds),
                new ChannelGap(thresholds),
                new ResponseRateLow(thresholds));
    }

    private static void updateBaseline(BrandAlertState state, long depth3, AlertThresholds thresholds) {
        state.baseline = state.baselineWindows == 0
                ? depth3
                : thresholds.baselineAlpha() * depth3 + (1 - thresholds.baselineAlpha()) * state.baseline;
        state.baselineWindows++;
    }

    private static EngagementAlert record(
            String alertId,
            BrandCondition condition,
            Reading reading,
            BrandWindowStats window,
            AlertStatus status,
            Policy policy,
            long emittedAt) {
        Map<String, String> labels = new TreeMap<>();
        labels.put("hysteresis", Double.toString(policy.thresholds().hysteresis()));
        labels.put("policy", policy.revision());
        if (status == AlertStatus.RESOLVED) {
            labels.put(Resolution.REASON_LABEL, "cleared");
        }
        String verb = status == AlertStatus.FIRING ? "firing" : "resolved";
        return EngagementAlert.newBuilder()
                .setAlertId(alertId)
                .setType(condition.type())
                .setStatus(status)
                .setSeverity(condition.severity())
                .setBrandId(window.getBrandId())
                .setConversationId(null)
                .setEventId(null)
                .setPlatform(reading.platform())
                .setWindowStart(window.getWindowStart())
                .setWindowEnd(window.getWindowEnd())
                .setObservedValue(reading.observed())
                .setThreshold(reading.threshold())
                .setDetectedAt(window.getWindowEnd())
                .setEmittedAt(Instant.ofEpochMilli(emittedAt))
                .setMessage(String.format(
                        Locale.ROOT,
                        "%s %s for %s in [%s, %s): %s %.3f, threshold %.3f",
                        condition.type(),
                        verb,
                        window.getBrandId(),
                        window.getWindowStart(),
                        window.getWindowEnd(),
                        reading.detail(),
                        reading.observed(),
                        reading.threshold()))
                .setLabels(labels)
                .build();
    }
}
