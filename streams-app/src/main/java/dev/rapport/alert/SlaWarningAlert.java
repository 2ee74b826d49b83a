package dev.rapport.alert;

import dev.rapport.conversation.ConversationState.Wait;
import dev.rapport.schema.AlertStatus;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.schema.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The SLA_WARNING record for one wait: it has lasted the warning share of the SLA. Like the breach,
 * the record is the same whether a late answer or the clock shows it: detected at the warning
 * deadline, having waited exactly that long.
 */
public final class SlaWarningAlert {
    private SlaWarningAlert() {}

    public static String alertId(String brandId, String conversationId, String waitEventId) {
        return AlertType.SLA_WARNING + ":" + brandId + ":" + conversationId + ":" + waitEventId;
    }

    public static EngagementAlert of(String brandId, String conversationId, Wait wait, Duration sla, Duration warning,
                                     long emittedAt) {
        double warningSeconds = warning.toMillis() / 1000.0;
        return EngagementAlert.newBuilder()
                .setAlertId(alertId(brandId, conversationId, wait.eventId()))
                .setType(AlertType.SLA_WARNING)
                .setStatus(AlertStatus.FIRING)
                .setSeverity(Severity.WARNING)
                .setBrandId(brandId)
                .setConversationId(conversationId)
                .setEventId(wait.eventId())
                .setPlatform(wait.platform())
                .setWindowStart(null)
                .setWindowEnd(null)
                .setObservedValue(warningSeconds)
                .setThreshold(warningSeconds)
                .setDetectedAt(Instant.ofEpochMilli(wait.startedAt() + warning.toMillis()))
                .setEmittedAt(Instant.ofEpochMilli(emittedAt))
                .setMessage("A customer of " + brandId + " on " + wait.platform() + " has waited " + warning
                        + " of the " + sla + " SLA since " + Instant.ofEpochMilli(wait.startedAt()))
                .setLabels(Map.of("sla", sla.toString(), "warningAfter", warning.toString()))
                .build();
    }
}
