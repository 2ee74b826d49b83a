package dev.rapport.bench;

/**
 * End-to-end latency of the probes: from the producer's acknowledgement of the probe (the broker
 * has appended it) to a read_committed subscriber receiving the brand-stats record it caused.
 *
 * @param p50Ms median, ms
 * @param p99Ms 99th percentile, ms
 * @param fromSendP99Ms 99th percentile measured from the probe's send() call instead (adds the producer hop)
 * @param probesSent probes sent (one per 100 ms)
 * @param probesSeen probes whose output arrived before the phase gave up waiting
 * @param achievedRate events per second actually produced, probes included
 * @param gc the collector's pauses over the same time, and how many probes they caught
 * @param streamThreadBytesPerEvent bytes the stream threads allocated per event produced
 */
record LatencyResult(
        double p50Ms,
        double p99Ms,
        double fromSendP99Ms,
        int probesSent,
        int probesSeen,
        double achievedRate,
        GcDuringProbes gc,
        double streamThreadBytesPerEvent) {}
