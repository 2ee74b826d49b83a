package dev.rapport.alert;

import dev.rapport.policy.AlertThresholds;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.Severity;
import java.util.List;

/**
 * LATENCY_DEGRADED: the window's p90 response latency (seconds) above the threshold, with enough
 * samples. For a brand with business hours the business-time p90 is judged: its threshold is
 * meant in the same time as its SLA, and nights and weekends are not the team being slow.
 */
final class LatencyDegraded implements BrandCondition {
    private final AlertThresholds thresholds;

    LatencyDegraded(AlertThresholds thresholds) {
        this.thresholds = thresholds;
    }

    @Override
    public AlertType type() {
        return AlertType.LATENCY_DEGRADED;
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public List<Reading> read(BrandWindowStats window, BrandAlertState baseline) {
        boolean business = window.getBusinessResponseLatencyP90Ms() != null;
        Long p90 = business ? window.getBusinessResponseLatencyP90Ms() : window.getResponseLatencyP90Ms();
        if (p90 == null || window.getResponses() < thresholds.latencyMinSamples()) {
            return List.of();
        }
        return List.of(new Reading(
                null,
                p90 / 1000.0,
                thresholds.latencyP90().toMillis() / 1000.0,
                Reading.Side.ABOVE,
                (business ? "business-time " : "") + "p90 response latency over " + window.getResponses()
                        + " answers"));
    }
}
