package dev.rapport.conversation;

import dev.rapport.conversation.ConversationState.Wait;
import dev.rapport.policy.SlaTerms;
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

    public static EngagementAlert of(String brandId, String conversationId, Wait wait, long emittedAt) {
        SlaTerms terms = wait.terms();
        Duration warning = Duration.ofMillis(terms.warningMs());
        Map<String, String> labels = WaitAlert.labels(terms);
        labels.put("warningAfter", warning.toString());
        return WaitAlert.firing(
                AlertType.SLA_WARNING,
                Severity.WARNING,
                brandId,
                conversationId,
                wait,
                terms.warningMs(),
                terms.warningAt(),
                emittedAt,
                "A customer of " + brandId + " on " + wait.platform() + " has waited "
                        + warning + " of the " + Duration.ofMillis(terms.slaMs()) + WaitAlert.clock(terms)
                        + " SLA since " + Instant.ofEpochMilli(wait.startedAt()),
                labels);
    }
}
