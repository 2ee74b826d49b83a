package dev.rapport.bench;

import java.util.List;

/**
 * The garbage collector's pauses during the latency phase, laid over the probes' flights. When
 * the slowest probes overlap a pause much more often than probes do in general, the pauses are
 * what makes the tail.
 *
 * @param pauses stop-the-world pauses from the first event produced until the last probe came back
 * @param pauseTotalMs their summed length
 * @param pauseMaxMs the longest
 * @param slowProbes the slowest 1% of the probes that came back (at least one)
 * @param slowProbesInPause how many of those were in flight during a pause
 * @param probesInPause how many of all probes that came back were in flight during a pause
 * @param probesSeen all probes that came back
 */
record GcDuringProbes(
        int pauses,
        double pauseTotalMs,
        double pauseMaxMs,
        int slowProbes,
        int slowProbesInPause,
        int probesInPause,
        int probesSeen) {
    static GcDuringProbes of(List<GcPauses.Pause> pauses, Probes probes) {
        List<Probes.Flight> slowest = probes.slowest(0.01);
        return new GcDuringProbes(
                pauses.size(),
                pauses.stream().mapToDouble(GcPauses.Pause::millis).sum(),
                pauses.stream().mapToDouble(GcPauses.Pause::millis).max().orElse(0),
                slowest.size(),
                inPause(slowest, pauses),
                inPause(probes.flights(), pauses),
                probes.seen());
    }

    private static int inPause(List<Probes.Flight> flights, List<GcPauses.Pause> pauses) {
        return (int) flights.stream()
                .filter(f -> pauses.stream().anyMatch(p -> p.overlaps(f.ackedNanos(), f.arrivedNanos())))
                .count();
    }
}
