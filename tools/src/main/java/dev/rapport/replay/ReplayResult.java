package dev.rapport.replay;

import java.time.Duration;

/**
 * What a replay did, for the summary.
 *
 * @param outcomes the wait outcomes of every window, summed: the overall response rate and SLA attainment
 */
public record ReplayResult(
        int events,
        int brands,
        int windows,
        int alerts,
        long breaches,
        WaitOutcomes outcomes,
        Duration wallTime,
        long brokerStartupMillis) {

    /** Decided waits over all windows: the rates are computed from these sums, never by averaging windows. */
    public record WaitOutcomes(long answeredInTime, long unanswered, long answeredWithinSla) {
        public long decided() {
            return answeredInTime + unanswered;
        }

        /** Null when no wait was decided. */
        public Double responseRate() {
            return decided() == 0 ? null : (double) answeredInTime / decided();
        }

        /** Null when no wait was decided. */
        public Double slaAttainment() {
            return decided() == 0 ? null : (double) answeredWithinSla / decided();
        }
    }
}
