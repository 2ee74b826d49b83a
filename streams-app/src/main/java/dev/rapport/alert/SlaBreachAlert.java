package dev.rapport.alert;

import dev.rapport.conversation.ConversationState.Wait;
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
        return WaitAlert.alertId(AlertType.SLA_BREACH, brandId, conversationId, waitEventId);
    }

    public static EngagementAlert of(String brandId, String conversationId, Wait wait, Duration sla, long emittedAt) {
        return WaitAlert.firing(AlertType.SLA_BREACH, Severity.CRITICAL, brandId, conversationId, wait, sla.toMillis(),
                emittedAt, "A customer of " + brandId + " on " + wait.platform() + " has waited longer than the " + sla
                        + " SLA since " + Instant.ofEpochMilli(wait.startedAt()),
                Map.of("sla", sla.toString()));
    }
}
