package dev.rapport.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;

/** The latency phase's probes that came back, each with its flight on the {@link System#nanoTime} clock. */
record Probes(int sent, List<Flight> flights) {
    /** The repartitioned time of a flight whose repartition record nobody watched. */
    static final long NOT_WATCHED = Long.MIN_VALUE;

    /**
     * One probe: sent, acknowledged by the broker, its delta visible on the repartition topic
     * (the conversation task's commit; {@link #NOT_WATCHED} where only the output was watched),
     * and its output seen by the subscriber (the brand task's commit). Latency counts from the
     * acknowledgement; from the send it includes the producer's hop.
     */
    record Flight(long sentNanos, long ackedNanos, long repartitionedNanos, long arrivedNanos) {
        double fromAckMs() {
            return (arrivedNanos - ackedNanos) / 1e6;
        }

        double fromSendMs() {
            return (arrivedNanos - sentNanos) / 1e6;
        }

        double toRepartitionMs() {
            return (repartitionedNanos - ackedNanos) / 1e6;
        }
    }

    /**
     * The probes sent in {@code [fromNanos, toNanos)}, their outputs' arrivals looked up in
     * {@code arrivedNanos} (null: none). {@code sentNanos} holds 0 for a probe never sent.
     */
    static Probes of(
            IntFunction<Long> arrivedNanos,
            AtomicLongArray sentNanos,
            AtomicLongArray ackedNanos,
            long fromNanos,
            long toNanos) {
        return of(arrivedNanos, null, sentNanos, ackedNanos, fromNanos, toNanos);
    }

    /**
     * As above, with a flight only for the probes whose output and repartition record both came
     * back, the latter looked up in {@code repartitionedNanos}.
     */
    static Probes of(
            IntFunction<Long> arrivedNanos,
            IntFunction<Long> repartitionedNanos,
            AtomicLongArray sentNanos,
            AtomicLongArray ackedNanos,
            long fromNanos,
            long toNanos) {
        int sent = 0;
        List<Flight> flights = new ArrayList<>();
        for (int probe = 0; probe < sentNanos.length(); probe++) {
            long sentAt = sentNanos.get(probe);
            if (sentAt == 0 || sentAt < fromNanos || sentAt >= toNanos) {
                continue;
            }
            sent++;
            Long arrived = arrivedNanos.apply(probe);
            Long repartitioned = repartitionedNanos == null ? (Long) NOT_WATCHED : repartitionedNanos.apply(probe);
            if (arrived != null && repartitioned != null) {
                flights.add(new Flight(sentAt, ackedNanos.get(probe), repartitioned, arrived));
            }
        }
        return new Probes(sent, List.copyOf(flights));
    }

    int seen() {
        return flights.size();
    }

    double fromAckQuantile(double q) {
        return Quantiles.of(flights.stream().mapToDouble(Flight::fromAckMs).toArray(), q);
    }

    double fromSendQuantile(double q) {
        return Quantiles.of(flights.stream().mapToDouble(Flight::fromSendMs).toArray(), q);
    }

    /** NaN when no flight's repartition record was watched. */
    double toRepartitionQuantile(double q) {
        return Quantiles.of(
                flights.stream()
                        .filter(f -> f.repartitionedNanos() != NOT_WATCHED)
                        .mapToDouble(Flight::toRepartitionMs)
                        .toArray(),
                q);
    }

    double fromAckMax() {
        return flights.stream().mapToDouble(Flight::fromAckMs).max().orElse(Double.NaN);
    }

    /** The slowest {@code share} of the flights, at least one when any came back. */
    List<Flight> slowest(double share) {
        int n = flights.isEmpty() ? 0 : Math.max(1, (int) Math.ceil(share * flights.size()));
        return flights.stream()
                .sorted(Comparator.comparingDouble(Flight::fromAckMs).reversed())
                .limit(n)
                .toList();
    }
}
