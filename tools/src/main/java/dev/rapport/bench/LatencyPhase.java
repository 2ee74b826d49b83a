package dev.rapport.bench;

import dev.rapport.config.RapportConfig;
import dev.rapport.config.StreamsProperties;
import dev.rapport.kafka.StreamsApp;
import dev.rapport.topology.EngagementSettings;
import dev.rapport.topology.EngagementTopology;
import dev.rapport.topology.Topics;
import java.time.Duration;
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
 * inside it, and the probe waits behind whatever backlog the load builds up. A second
 * read_committed consumer on the repartition topic splits each flight at the first commit.
 *
 * <p>The figures are of the steady state: the probes of the first {@link #START_UP} after the
 * application starts are reported on their own. In those seconds each stream thread's producer
 * runs its first transactions (the broker verifies every partition the transaction writes, and
 * answers batches that arrive before that with retriable CONCURRENT_TRANSACTIONS and
 * OUT_OF_ORDER_SEQUENCE_NUMBER errors, each retry a backoff later) and fetch sessions and
 * positions are set up. Mixed in, those few probes were the two or three slowest of a run, and
 * so its p99: a restart's cost, which the failover phase measures, not the latency of the
 * running service.
 */
final class LatencyPhase {
    private static final Duration OUTPUT_WAIT = Duration.ofSeconds(20);
    static final Duration START_UP = Duration.ofSeconds(5);

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
                LiveSource source = new LiveSource(clientProperties, topics);
                ProbeOutputWatcher repartitionWatcher = new ProbeOutputWatcher(
                        clientProperties, EngagementTopology.repartitionTopic(config.applicationId()))) {
            Duration producing = START_UP.plus(settings.latencyDuration());
            int probes = ProbedLoad.probesIn(producing);
            AtomicLongArray sentNanos = new AtomicLongArray(probes);
            AtomicLongArray ackedNanos = new AtomicLongArray(probes);
            StreamThreadAllocation allocation = new StreamThreadAllocation(config.applicationId());
            allocation.start();
            long started = System.nanoTime();
            long produced = ProbedLoad.produce(
                    source,
                    settings.seed() + 1,
                    settings.latencyRate(),
                    producing,
                    started,
                    sentNanos,
                    ackedNanos,
                    event -> {},
                    () -> {},
                    "latency phase");
            double achievedRate = produced / ((System.nanoTime() - started) / 1e9);
            awaitProbes(watcher, repartitionWatcher, app, probes);
            long steadyFrom = started + START_UP.toNanos();
            Probes steady = Probes.of(
                    watcher::arrivedNanos,
                    repartitionWatcher::arrivedNanos,
                    sentNanos,
                    ackedNanos,
                    steadyFrom,
                    Long.MAX_VALUE);
            Probes startUp = Probes.of(
                    watcher::arrivedNanos,
                    repartitionWatcher::arrivedNanos,
                    sentNanos,
                    ackedNanos,
                    Long.MIN_VALUE,
                    steadyFrom);
            return new LatencyResult(
                    steady.fromAckQuantile(0.50),
                    steady.fromAckQuantile(0.99),
                    steady.fromSendQuantile(0.99),
                    steady.toRepartitionQuantile(0.99),
                    steady.sent(),
                    steady.seen(),
                    startUp.fromAckQuantile(0.50),
                    startUp.fromAckMax(),
                    achievedRate,
                    GcDuringProbes.of(gc.since(steadyFrom), steady),
                    allocation.bytesSinceStart() / (double) produced);
        }
    }

    private static void awaitProbes(
            ProbeOutputWatcher output, ProbeOutputWatcher repartition, StreamsApp app, int probes) {
        long deadline = System.nanoTime() + OUTPUT_WAIT.toNanos();
        while ((output.arrived() < probes || repartition.arrived() < probes) && System.nanoTime() < deadline) {
            app.checkHealthy();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }
}
