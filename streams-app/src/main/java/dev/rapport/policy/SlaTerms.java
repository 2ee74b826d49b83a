package dev.rapport.policy;

/**
 * The SLA a wait is held to, fixed when the wait opens: a policy changed later applies to waits
 * that open after the change, so an alert never moves because someone edited a policy.
 *
 * @param slaMs the SLA (open time, if {@code businessTime})
 * @param warningMs when the SLA warning is due (open time, if {@code businessTime})
 * @param warningAt the instant the warning is due (epoch ms)
 * @param deadlineAt the instant the SLA is breached (epoch ms)
 * @param businessTime whether the durations count business hours only
 */
public record SlaTerms(long slaMs, long warningMs, long warningAt, long deadlineAt, boolean businessTime) {}
