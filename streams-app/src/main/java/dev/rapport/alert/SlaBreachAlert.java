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
 * The SLA_BREACH record for one wait. Whether the breach is seen through a late answer or through
 * the clock passing the deadline, the record is the same: detected at the deadline, having waited
 * the SLA. That keeps the output independent of how input is spread over partitions.
 */
public final class SlaBreachAlert {
    private SlaBreachAlert() {}

    public static String alertId(String brandId, String conversationId, String waitEventId) {
        return AlertType.SLA_BREACH + ":" + brandId + ":" + conversationId + ":" + waitEventId;
    }

    public static EngagementAlert of(String brandId, String conversationId, Wait wait, Duration sla, long emittedAt) {
        long deadline = wait.startedAt() + sla.toMillis();
        double slaSeconds = sla.toMillis() / 1000.0;
        return EngagementAlert.newBuilder()
                .setAlertId(alertId(brandId, conversationId, wait.eventId()))
                .setType(AlertType.SLA_BREACH)
                .setStatus(AlertStatus.FIRING)
                .setSeverity(Severity.CRITICAL)
                .setBrandId(brandId)
                .setConversationId(conversationId)
                .setEventId(wait.eventId())
                .setPlatform(wait.platform())
                .setWindowStart(null)
                .setWindowEnd(null)
                .setObservedValue(slaSeconds)
                .setThreshold(slaSeconds)
                .setDetectedAt(Instant.ofEpochMilli(deadline))
                .setEmittedAt(Instant.ofEpochMilli(emittedAt))
                .setMessage("A customer of " + brandId + " on " + wait.platform()
                        + " has waited longer than the " + sla + " SLA since " + Instant.ofEpochMilli(wait.startedAt()))
                .setLabels(Map.of("sla", sla.toString()))
                .build();
    }
}
