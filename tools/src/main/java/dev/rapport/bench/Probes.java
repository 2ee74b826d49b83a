package dev.rapport.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongPredicate;

/** The latency phase's probes that came back, each with its flight on the {@link System#nanoTime} clock. */
record Probes(int sent, List<Flight> flights) {
    /**
     * One probe: sent, acknowledged by the broker, its delta visible on the repartition topic
     * (the conversation task's commit), and its output seen by the subscriber (the brand task's
     * commit). Latency counts from the acknowledgement; from the send it includes the producer's hop.
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
     * The probes sent, with the flights of those whose output and repartition record both came
     * back. {@code sentNanos} holds 0 for a probe that was never sent.
     */
    static Probes of(
            ProbeOutputWatcher output,
            ProbeOutputWatcher repartition,
            AtomicLongArray sentNanos,
            AtomicLongArray ackedNanos) {
        int sent = 0;
        List<Flight> flights = new ArrayList<>();
        for (int probe = 0; probe < sentNanos.length(); probe++) {
            if (sentNanos.get(probe) == 0) {
                continue;
            }
            sent++;
            Long arrived = output.arrivedNanos(probe);
            Long repartitioned = repartition.arrivedNanos(probe);
            if (arrived != null && repartitioned != null) {
                flights.add(new Flight(sentNanos.get(probe), ackedNanos.get(probe), repartitioned, arrived));
            }
        }
        return new Probes(sent, List.copyOf(flights));
    }

    /** The probes sent at or after {@code fromNanos}. */
    Probes sentFrom(long fromNanos, AtomicLongArray sentNanos) {
        return new Probes(
                countSent(sentNanos, s -> s >= fromNanos),
                flights.stream().filter(f -> f.sentNanos() >= fromNanos).toList());
    }

    /** The probes sent before {@code untilNanos}. */
    Probes sentBefore(long untilNanos, AtomicLongArray sentNanos) {
        return new Probes(
                countSent(sentNanos, s -> s < untilNanos),
                flights.stream().filter(f -> f.sentNanos() < untilNanos).toList());
    }

    private static int countSent(AtomicLongArray sentNanos, LongPredicate which) {
        int n = 0;
        for (int probe = 0; probe < sentNanos.length(); probe++) {
            long sent = sentNanos.get(probe);
            if (sent != 0 && which.test(sent)) {
                n++;
            }
        }
        return n;
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

    double toRepartitionQuantile(double q) {
        return Quantiles.of(
                flights.stream().mapToDouble(Flight::toRepartitionMs).toArray(), q);
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
