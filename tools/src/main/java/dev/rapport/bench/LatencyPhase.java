package dev.rapport.bench;

import dev.rapport.config.RapportConfig;
import dev.rapport.config.StreamsProperties;
import dev.rapport.generator.GeneratorRun;
import dev.rapport.generator.TrafficSettings;
import dev.rapport.kafka.StreamsApp;
import dev.rapport.schema.MessageEvent;
import dev.rapport.topology.EngagementSettings;
import dev.rapport.topology.EngagementTopology;
import dev.rapport.topology.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;

/**
 * End-to-end latency under steady live load. A fresh Rapport application starts at the current
 * end of the input topic (its offsets are committed there before it starts, so the throughput
 * phase's backlog is not in the way), live zipf traffic is produced at a steady rate with
 * occurredAt = now, and every 100 ms a probe event of a brand of its own goes in with it. A probe's
 * latency is the time from the broker's acknowledgement of the probe to a read_committed consumer
 * of rapport.brand-stats receiving the first record of the probe's brand: two exactly-once commits
 * (conversation task, then brand task after the repartition) and the transaction markers are all
 * inside it, and the probe waits behind whatever backlog the load builds up.
 */
final class LatencyPhase {
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(100);
    private static final Duration OUTPUT_WAIT = Duration.ofSeconds(20);

    private final Properties clientProperties;
    private final Admin admin;
    private final Topics topics;

    LatencyPhase(Properties clientProperties, Admin admin, Topics topics) {
        this.clientProperties = clientProperties;
        this.admin = admin;
        this.topics = topics;
    }

    LatencyResult run(RapportConfig config, String bootstrapServers, BenchSettings settings) {
        InputEnd.startGroupThere(admin, config.applicationId());
        try (GcPauses gc = new GcPauses();
                ProbeOutputWatcher watcher = new ProbeOutputWatcher(clientProperties, Topics.BRAND_STATS);
                StreamsApp app = new StreamsApp(
                                EngagementTopology.build(
                                        topics, EngagementSettings.from(config), System::currentTimeMillis),
                                StreamsProperties.of(config, bootstrapServers))
                        .start(Duration.ofMinutes(2));
                LiveSource source = new LiveSource(clientProperties, topics)) {
            int probes = (int) (settings.latencyDuration().toMillis() / PROBE_INTERVAL.toMillis());
            AtomicLongArray sentNanos = new AtomicLongArray(probes);
            AtomicLongArray ackedNanos = new AtomicLongArray(probes);
            StreamThreadAllocation allocation = new StreamThreadAllocation(config.applicationId());
            allocation.start();
            long started = System.nanoTime();
            long produced = produce(source, settings, sentNanos, ackedNanos);
            double achievedRate = produced / ((System.nanoTime() - started) / 1e9);
            awaitProbes(watcher, app, probes);
            Probes flights = Probes.of(watcher, sentNanos, ackedNanos);
            return new LatencyResult(
                    flights.fromAckQuantile(0.50),
                    flights.fromAckQuantile(0.99),
                    flights.fromSendQuantile(0.99),
                    flights.sent(),
                    flights.seen(),
                    achievedRate,
                    GcDuringProbes.of(gc.since(started), flights),
                    allocation.bytesSinceStart() / (double) produced);
        }
    }

    private long produce(
            LiveSource source, BenchSettings settings, AtomicLongArray sentNanos, AtomicLongArray ackedNanos) {
        long total =
                Math.round(settings.latencyRate() * settings.latencyDuration().toMillis() / 1000.0);
        TrafficSettings traffic = TrafficSettings.zipf(settings.seed() + 1).withEventsPerSecond(settings.latencyRate());
        Iterator<MessageEvent> load =
                GeneratorRun.batch(traffic, total, Instant.now()).iterator();
        long start = System.nanoTime();
        long nanosPerEvent = Math.round(1e9 / settings.latencyRate());
        int nextProbe = 0;
        long produced = 0;
        for (long i = 0; load.hasNext(); i++) {
            long due = start + i * nanosPerEvent;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (nextProbe < sentNanos.length() && System.nanoTime() - start >= nextProbe * PROBE_INTERVAL.toNanos()) {
                int probe = nextProbe++;
                sentNanos.set(probe, System.nanoTime());
                source.send(ProbeEvents.probe(probe, Instant.now()), () -> ackedNanos.set(probe, System.nanoTime()));
                produced++;
            }
            source.send(load.next(), () -> {});
            produced++;
        }
        source.flush("latency phase");
        return produced;
    }

    private static void awaitProbes(ProbeOutputWatcher watcher, StreamsApp app, int probes) {
        long deadline = System.nanoTime() + OUTPUT_WAIT.toNanos();
        while (watcher.arrived() < probes && System.nanoTime() < deadline) {
            app.checkHealthy();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }
}
