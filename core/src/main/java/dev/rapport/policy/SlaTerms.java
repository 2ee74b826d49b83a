package dev.rapport.policy;

/**
 * The SLA and response horizon a wait is held to, fixed when the wait opens: a policy changed
 * later applies to waits that open after the change, so an alert or an outcome never moves
 * because someone edited a policy.
 *
 * @param slaMs the SLA (open time, if {@code businessTime})
 * @param warningMs when the SLA warning is due (open time, if {@code businessTime})
 * @param horizonMs the response horizon: an answer within it is in time, a wait open past it is
 *     unanswered (open time, if {@code businessTime}); at least {@code slaMs}
 * @param warningAt the instant the warning is due (epoch ms)
 * @param deadlineAt the instant the SLA is breached (epoch ms)
 * @param horizonAt the instant the wait is decided unanswered if it is still open (epoch ms)
 * @param businessTime whether the durations count business hours only
 */
public record SlaTerms(
        long slaMs,
        long warningMs,
        long horizonMs,
        long warningAt,
        long deadlineAt,
        long horizonAt,
        boolean businessTime) {

    /** Whether an answer at {@code answeredAt} comes within the horizon (an answer at the horizon itself does). */
    public boolean inTime(long answeredAt) {
        return answeredAt <= horizonAt;
    }

    /** Whether an answer at {@code answeredAt} comes within the SLA (an answer at the deadline itself does). */
    public boolean withinSla(long answeredAt) {
        return answeredAt <= deadlineAt;
    }
}
