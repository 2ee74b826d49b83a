package dev.rapport.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;

/** The latency phase's probes that came back, each with its flight on the {@link System#nanoTime} clock. */
record Probes(int sent, List<Flight> flights) {
    /**
     * One probe: sent, acknowledged by the broker, and its output seen by the subscriber.
     * Latency counts from the acknowledgement; from the send it includes the producer's hop.
     */
    record Flight(long sentNanos, long ackedNanos, long arrivedNanos) {
        double fromAckMs() {
            return (arrivedNanos - ackedNanos) / 1e6;
        }

        double fromSendMs() {
            return (arrivedNanos - sentNanos) / 1e6;
        }
    }

    static Probes of(ProbeOutputWatcher watcher, AtomicLongArray sentNanos, AtomicLongArray ackedNanos) {
        return of(watcher::arrivedNanos, sentNanos, ackedNanos, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** The probes sent in {@code [fromNanos, toNanos)}, their arrivals looked up in {@code arrivedNanos} (null: none). */
    static Probes of(
            IntFunction<Long> arrivedNanos,
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
            if (arrived != null) {
                flights.add(new Flight(sentNanos.get(probe), ackedNanos.get(probe), arrived));
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

    /** The slowest {@code share} of the flights, at least one when any came back. */
    List<Flight> slowest(double share) {
        int n = flights.isEmpty() ? 0 : Math.max(1, (int) Math.ceil(share * flights.size()));
        return flights.stream()
                .sorted(Comparator.comparingDouble(Flight::fromAckMs).reversed())
                .limit(n)
                .toList();
    }
}
