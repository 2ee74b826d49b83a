package dev.rapport.alert;

import dev.rapport.conversation.ConversationState.Wait;
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
        return WaitAlert.alertId(AlertType.SLA_WARNING, brandId, conversationId, waitEventId);
    }

    public static EngagementAlert of(String brandId, String conversationId, Wait wait, Duration sla, Duration warning,
                                     long emittedAt) {
        return WaitAlert.firing(AlertType.SLA_WARNING, Severity.WARNING, brandId, conversationId, wait, warning.toMillis(),
                emittedAt, "A customer of " + brandId + " on " + wait.platform() + " has waited " + warning
                        + " of the " + sla + " SLA since " + Instant.ofEpochMilli(wait.startedAt()),
                Map.of("sla", sla.toString(), "warningAfter", warning.toString()));
    }
}
