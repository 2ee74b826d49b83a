package dev.rapport.stats;

import dev.rapport.schema.Platform;

/**
 * What became of one wait in a brand delta: answered (in time or after the horizon) or decided
 * unanswered. Response rate, SLA attainment and the per-platform stats count these; they go by
 * the platform of the INBOUND event that opened the wait, not by the answer's.
 *
 * @param waitPlatform the platform the wait opened on
 * @param outcome what the wait's outcome is, or {@link Outcome#NONE} for an answer to a wait whose
 *     outcome was already decided (unanswered): it still gives a latency sample
 * @param latencyMs the latency sample, or {@link #NO_SAMPLE} (a negative latency, or no answer)
 * @param withinSla answered with a latency within the wait's SLA on its SLA clock
 * @param otherPlatform answered on a platform other than {@code waitPlatform}
 * @param firstResponse the sample is the customer's first answer in the conversation
 */
public record WaitResult(
        Platform waitPlatform,
        Outcome outcome,
        long latencyMs,
        boolean withinSla,
        boolean otherPlatform,
        boolean firstResponse) {
    public static final long NO_SAMPLE = -1;

    /** A wait's outcome, decided once. */
    public enum Outcome {
        /** Answered within the response horizon, counted in the window of the answer. */
        ANSWERED_IN_TIME,
        /** Still open at the horizon, counted in the window that holds the horizon's deadline. */
        UNANSWERED,
        /** Not an outcome: an answer after the wait was decided unanswered. */
        NONE
    }

    /** A wait the clock decided unanswered. */
    public static WaitResult unanswered(Platform waitPlatform) {
        return new WaitResult(waitPlatform, Outcome.UNANSWERED, NO_SAMPLE, false, false, false);
    }

    public boolean hasSample() {
        return latencyMs != NO_SAMPLE;
    }
}
