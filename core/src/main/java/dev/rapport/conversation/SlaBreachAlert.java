package dev.rapport.conversation;

import dev.rapport.conversation.ConversationState.Wait;
import dev.rapport.policy.SlaTerms;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.schema.Severity;
import java.time.Duration;
import java.time.Instant;

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

    public static EngagementAlert of(String brandId, String conversationId, Wait wait, long emittedAt) {
        SlaTerms terms = wait.terms();
        return WaitAlert.firing(
                AlertType.SLA_BREACH,
                Severity.CRITICAL,
                brandId,
                conversationId,
                wait,
                terms.slaMs(),
                terms.deadlineAt(),
                emittedAt,
                "A customer of " + brandId + " on " + wait.platform()
                        + " has waited longer than the " + Duration.ofMillis(terms.slaMs()) + WaitAlert.clock(terms)
                        + " SLA since " + Instant.ofEpochMilli(wait.startedAt()),
                WaitAlert.labels(terms));
    }
}
