package dev.rapport.bench;

import dev.rapport.generator.GeneratorRun;
import dev.rapport.generator.TrafficSettings;
import dev.rapport.schema.MessageEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The live load of the latency and failover phases: zipf traffic with occurredAt = now at a steady
 * rate, and every {@link #PROBE_INTERVAL} a probe event of a brand of its own sent with it, its
 * send and acknowledgement noted on the {@link System#nanoTime} clock.
 */
final class ProbedLoad {
    static final Duration PROBE_INTERVAL = Duration.ofMillis(100);

    private ProbedLoad() {}

    /** Probes that {@code duration} of load carries. */
    static int probesIn(Duration duration) {
        return (int) (duration.toMillis() / PROBE_INTERVAL.toMillis());
    }

    /**
     * Produces {@code rate} events a second for {@code duration}, the first due at {@code start},
     * with probe n at {@code start} + n × the probe interval; hands every event sent to
     * {@code sent} (probes first) and calls {@code between} every 65,536 events. Returns the events
     * produced, probes included, once the producer has flushed them.
     */
    static long produce(
            LiveSource source,
            long generatorSeed,
            double rate,
            Duration duration,
            long start,
            AtomicLongArray sentNanos,
            AtomicLongArray ackedNanos,
            Consumer<MessageEvent> sent,
            Runnable between,
            String phase) {
        long total = Math.round(rate * duration.toMillis() / 1000.0);
        TrafficSettings traffic = TrafficSettings.zipf(generatorSeed).withEventsPerSecond(rate);
        Iterator<MessageEvent> load =
                GeneratorRun.batch(traffic, total, Instant.now()).iterator();
        long nanosPerEvent = Math.round(1e9 / rate);
        int nextProbe = 0;
        long produced = 0;
        for (long i = 0; load.hasNext(); i++) {
            long wait = start + i * nanosPerEvent - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (nextProbe < sentNanos.length() && System.nanoTime() - start >= nextProbe * PROBE_INTERVAL.toNanos()) {
                int probe = nextProbe++;
                MessageEvent event = ProbeEvents.probe(probe, Instant.now());
                sent.accept(event);
                sentNanos.set(probe, System.nanoTime());
                source.send(event, () -> ackedNanos.set(probe, System.nanoTime()));
                produced++;
            }
            MessageEvent event = load.next();
            sent.accept(event);
            source.send(event, () -> {});
            produced++;
            if ((i & 0xFFFF) == 0) {
                between.run();
            }
        }
        source.flush(phase);
        return produced;
    }
}
