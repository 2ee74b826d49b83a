package dev.rapport.conversation;

import dev.rapport.alert.Resolution;
import dev.rapport.conversation.ConversationRules.Answered;
import dev.rapport.conversation.ConversationState.Wait;
import dev.rapport.schema.EngagementAlert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The alerts of one wait, in order: SLA_WARNING fires at the warning deadline; SLA_BREACH fires at
 * the SLA deadline and supersedes (resolves) the warning; the answer resolves whichever still
 * fires. The wait's two flags in the conversation state are the alert state, so each record is
 * written once. A late answer writes every record the clock would have written before it, so the
 * output does not depend on whether other conversations moved event time past the deadlines first.
 */
final class SlaAlertLifecycle {
    static final String ANSWERED = "answered";
    static final String SUPERSEDED = "superseded";

    List<EngagementAlert> warningDue(String brandId, String conversationId, Wait wait, long emittedAt) {
        return List.of(SlaWarningAlert.of(brandId, conversationId, wait, emittedAt));
    }

    /** @param wait the wait as it was before the breach: its warning flag says whether a warning is still firing */
    List<EngagementAlert> breachDue(String brandId, String conversationId, Wait wait, long emittedAt) {
        EngagementAlert breach = SlaBreachAlert.of(brandId, conversationId, wait, emittedAt);
        if (!wait.warningReported()) {
            return List.of(breach);
        }
        EngagementAlert warned = SlaWarningAlert.of(brandId, conversationId, wait, emittedAt);
        EngagementAlert supersededWarning = Resolution.of(
                warned,
                seconds(wait.terms().slaMs()),
                breach.getDetectedAt().toEpochMilli(),
                emittedAt,
                SUPERSEDED,
                "SLA warning of " + brandId + " superseded by " + breach.getAlertId());
        return List.of(breach, supersededWarning);
    }

    /**
     * An answer ends the wait. An answer after a deadline the clock has not reported yet (event time
     * had not passed it) raises that alert first. The resolution's observed value is the time the
     * SLA clock counted: business time for a brand with business hours.
     */
    List<EngagementAlert> answered(String brandId, String conversationId, Answered answer, long emittedAt) {
        Wait wait = answer.pending();
        long answeredAt = wait.startedAt() + answer.latencyMs();
        List<EngagementAlert> alerts = new ArrayList<>(4);
        if (!wait.warningReported()
                && !wait.breachReported()
                && answeredAt > wait.terms().warningAt()) {
            alerts.addAll(warningDue(brandId, conversationId, wait, emittedAt));
            wait = wait.withWarningReported();
        }
        if (!wait.breachReported() && answeredAt > wait.terms().deadlineAt()) {
            alerts.addAll(breachDue(brandId, conversationId, wait, emittedAt));
            wait = wait.withBreachReported();
        }
        long waited = Math.max(0, answer.slaClockMs());
        alerts.addAll(resolve(
                brandId,
                conversationId,
                wait,
                waited,
                answeredAt,
                emittedAt,
                ANSWERED,
                "answered after " + Duration.ofMillis(waited)
                        + (wait.terms().businessTime() ? " of business time" : "")));
        return alerts;
    }

    /**
     * An earlier message of the same customer took the wait over: its alerts continue under the new wait's id.
     *
     * @param waitedMs what the SLA clock counted from the wait's start to {@code now}
     */
    List<EngagementAlert> superseded(
            String brandId, String conversationId, Wait wait, long waitedMs, long now, long emittedAt) {
        return resolve(
                brandId,
                conversationId,
                wait,
                waitedMs,
                now,
                emittedAt,
                SUPERSEDED,
                "the wait now starts at an earlier message of the same customer");
    }

    private List<EngagementAlert> resolve(
            String brandId,
            String conversationId,
            Wait wait,
            long waitedMs,
            long at,
            long emittedAt,
            String reason,
            String why) {
        EngagementAlert firing;
        if (wait.breachReported()) {
            firing = SlaBreachAlert.of(brandId, conversationId, wait, emittedAt);
        } else if (wait.warningReported()) {
            firing = SlaWarningAlert.of(brandId, conversationId, wait, emittedAt);
        } else {
            return List.of();
        }
        return List.of(Resolution.of(
                firing,
                seconds(waitedMs),
                at,
                emittedAt,
                reason,
                firing.getType() + " of " + brandId + " resolved: " + why));
    }

    private static double seconds(long millis) {
        return millis / 1000.0;
    }
}
