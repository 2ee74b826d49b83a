package dev.rapport.alert;

import dev.rapport.policy.AlertThresholds;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.Severity;
import java.util.List;
import java.util.Locale;

/**
 * ENGAGEMENT_DROP: conversations reaching depth 3 in the window below a fraction of the brand's
 * own baseline, an EWMA of its previous windows (empty windows count as zero).
 */
final class EngagementDrop implements BrandCondition {
    static final String DEPTH = "3";

    private final AlertThresholds thresholds;

    EngagementDrop(AlertThresholds thresholds) {
        this.thresholds = thresholds;
    }

    static long depth3(BrandWindowStats window) {
        return window.getDepthReached().getOrDefault(DEPTH, 0L);
    }

    @Override
    public AlertType type() {
        return AlertType.ENGAGEMENT_DROP;
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public List<Reading> read(BrandWindowStats window, BrandAlertState state) {
        if (state.baselineWindows() < thresholds.baselineWindows() || state.baseline() < thresholds.minBaseline()) {
            return List.of();
        }
        return List.of(new Reading(
                null,
                depth3(window),
                thresholds.dropFraction() * state.baseline(),
                Reading.Side.BELOW,
                String.format(
                        Locale.ROOT,
                        "conversations reaching depth 3 against a baseline of %.2f per window",
                        state.baseline())));
    }
}
