package dev.rapport.alert;

import dev.rapport.policy.AlertThresholds;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.Severity;
import java.util.List;

/**
 * RESPONSE_RATE_LOW: the window's response rate (waits answered within the response horizon /
 * waits decided in the window) below the threshold, over enough decided waits. A wait is decided
 * in the window of its answer, or in the window of its horizon when nobody answered, so a window
 * with no messages at all can still be judged on the customers it left unanswered.
 *
 * <p>WARNING like CHANNEL_GAP, the other rule about customers the brand does not answer: it is a
 * share over a window, and the customer who waited too long already has an SLA_BREACH, which is
 * the CRITICAL record.
 */
final class ResponseRateLow implements BrandCondition {
    private final AlertThresholds thresholds;

    ResponseRateLow(AlertThresholds thresholds) {
        this.thresholds = thresholds;
    }

    @Override
    public AlertType type() {
        return AlertType.RESPONSE_RATE_LOW;
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public List<Reading> read(BrandWindowStats window, BrandAlertState baseline) {
        long decided = window.getAnsweredInTime() + window.getUnanswered();
        Double rate = window.getResponseRate();
        if (rate == null || decided < thresholds.responseRateMinWaits()) {
            return List.of();
        }
        return List.of(new Reading(
                null,
                rate,
                thresholds.responseRateMin(),
                Reading.Side.BELOW,
                window.getAnsweredInTime() + " of " + decided + " decided waits answered within the response horizon"));
    }
}
