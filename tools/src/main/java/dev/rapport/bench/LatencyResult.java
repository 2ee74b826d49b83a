package dev.rapport.bench;

/**
 * End-to-end latency of the probes: from the producer's acknowledgement of the probe (the broker
 * has appended it) to a read_committed subscriber receiving the brand-stats record it caused.
 * All but the start-up figures are of the steady state, the probes sent after the start-up
 * period ({@link LatencyPhase#START_UP}).
 *
 * @param p50Ms median, ms
 * @param p99Ms 99th percentile, ms
 * @param fromSendP99Ms 99th percentile measured from the probe's send() call instead (adds the producer hop)
 * @param toRepartitionP99Ms 99th percentile of the first half of the flight: from the
 *     acknowledgement until the probe's delta is visible on the repartition topic (the conversation
 *     task's commit); the rest is the brand task's
 * @param probesSent probes sent after the start-up period (one per 100 ms)
 * @param probesSeen of those, probes whose output arrived before the phase gave up waiting
 * @param startUpP50Ms median of the probes sent during the start-up period
 * @param startUpMaxMs the slowest of those
 * @param achievedRate events per second actually produced, probes included
 * @param gc the collector's pauses over the steady state, and how many probes they caught
 * @param streamThreadBytesPerEvent bytes the stream threads allocated per event produced
 */
record LatencyResult(
        double p50Ms,
        double p99Ms,
        double fromSendP99Ms,
        double toRepartitionP99Ms,
        int probesSent,
        int probesSeen,
        double startUpP50Ms,
        double startUpMaxMs,
        double achievedRate,
        GcDuringProbes gc,
        double streamThreadBytesPerEvent) {}
