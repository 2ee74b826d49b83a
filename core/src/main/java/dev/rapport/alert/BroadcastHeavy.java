package dev.rapport.alert;

import dev.rapport.policy.AlertThresholds;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.Severity;
import java.util.List;

/** BROADCAST_HEAVY: broadcasts / outbound above the threshold, with enough outbound messages. */
final class BroadcastHeavy implements BrandCondition {
    private final AlertThresholds thresholds;

    BroadcastHeavy(AlertThresholds thresholds) {
        this.thresholds = thresholds;
    }

    @Override
    public AlertType type() {
        return AlertType.BROADCAST_HEAVY;
    }

    @Override
    public Severity severity() {
        return Severity.INFO;
    }

    @Override
    public List<Reading> read(BrandWindowStats window, BrandAlertState baseline) {
        if (window.getOutbound() < thresholds.broadcastMinOutbound()) {
            return List.of();
        }
        double ratio = (double) window.getBroadcasts() / window.getOutbound();
        return List.of(new Reading(
                null,
                ratio,
                thresholds.broadcastRatio(),
                Reading.Side.ABOVE,
                window.getBroadcasts() + " of " + window.getOutbound() + " brand messages answer nobody"));
    }
}
