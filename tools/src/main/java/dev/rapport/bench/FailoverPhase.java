package dev.rapport.bench;

import dev.rapport.config.RapportConfig;
import dev.rapport.config.Setting;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.Direction;
import dev.rapport.schema.MessageEvent;
import dev.rapport.topology.EngagementTopology;
import dev.rapport.topology.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Failover as operations sees it. Two instances of the real service, each a JVM of its own with
 * its own state directory and ports, share a steady live load with a latency probe every 100 ms
 * (the latency phase's producer and probes). After the settle time the instance that is not the
 * first is killed with SIGKILL, and the load goes on. A read_committed subscriber of
 * rapport.brand-stats notes when output arrived for each brand task; the tasks the killed
 * instance ran (as the group coordinator listed them just before the kill) are the ones that
 * move. At the end every brand's final windows are summed and held against what was produced:
 * inbound and outbound messages, and conversations started (depth 1), which counts a
 * conversation twice if its state were lost in the move.
 */
final class FailoverPhase {
    private static final Duration AFTER_KILL_WINDOW = Duration.ofMinutes(1);
    private static final Duration BEFORE_KILL_WINDOW = Duration.ofSeconds(20);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration BALANCE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration PROBE_WAIT = Duration.ofSeconds(30);
    private static final Duration FINAL_WAIT = Duration.ofMinutes(2);
    private static final Duration FINAL_QUIET = Duration.ofSeconds(10);
    private static final Duration PRELOAD_WAIT = Duration.ofMinutes(5);
    private static final String SURVIVOR = "failover-a";
    private static final String VICTIM = "failover-b";

    private final Properties clientProperties;
    private final Admin admin;
    private final Topics topics;
    private final Consumer<String> progress;

    FailoverPhase(Properties clientProperties, Admin admin, Topics topics, Consumer<String> progress) {
        this.clientProperties = clientProperties;
        this.admin = admin;
        this.topics = topics;
        this.progress = progress;
    }

    /**
     * @param instanceSettings the settings both instances share (--set key=value), the phase's
     *     protocol, standby and session settings among them
     * @param stateRoot where each instance gets its state directory and log
     */
    FailoverResult run(
            RapportConfig config,
            Map<String, String> instanceSettings,
            Path stateRoot,
            FailoverSettings settings,
            long seed) {
        int brandTasks = config.integer(Setting.TOPIC_PARTITIONS);
        String groupId = config.applicationId();
        TaskOwnership ownership = new TaskOwnership(
                admin, groupId, EngagementTopology.repartitionTopic(groupId), settings.streamsProtocol());
        try (FailoverOutputWatcher watcher =
                        new FailoverOutputWatcher(clientProperties, Topics.BRAND_STATS, brandTasks);
                RapportInstance survivor = start(SURVIVOR, instanceSettings, stateRoot, settings, 0);
                RapportInstance victim = start(VICTIM, instanceSettings, stateRoot, settings, 1);
                LiveSource source = new LiveSource(clientProperties, topics)) {
            survivor.awaitRunning(START_TIMEOUT);
            victim.awaitRunning(START_TIMEOUT);
            awaitBalanced(ownership, survivor, victim);
            Expected expected = new Expected();
            if (settings.conversations() > 0) {
                preload(settings.conversations(), expected, watcher, survivor, victim);
            }
            if (!settings.warmup().isZero()) {
                warmUp(source, settings, seed, expected, survivor, victim);
            }
            progress.accept(String.format(
                    "both instances run brand tasks (%s); %,.0f events/s for %d s, then SIGKILL of pid %d",
                    ownership.brandTasks(List.of(SURVIVOR, VICTIM)),
                    settings.rate(),
                    settings.settle().toSeconds(),
                    victim.pid()));

            int probes = ProbedLoad.probesIn(settings.settle().plus(settings.afterKill()));
            AtomicLongArray sentNanos = new AtomicLongArray(probes);
            AtomicLongArray ackedNanos = new AtomicLongArray(probes);
            AtomicReference<Kill> kill = new AtomicReference<>();
            AtomicReference<RuntimeException> killFailure = new AtomicReference<>();
            long started = System.nanoTime();
            Thread killer = new Thread(
                    () -> {
                        try {
                            LockSupport.parkNanos(started + settings.settle().toNanos() - System.nanoTime());
                            kill.set(kill(ownership, survivor, victim));
                        } catch (RuntimeException e) {
                            killFailure.set(e);
                        }
                    },
                    "bench-failover-kill");
            killer.setDaemon(true);
            killer.start();
            long produced = ProbedLoad.produce(
                    source,
                    seed + 2,
                    settings.rate(),
                    settings.settle().plus(settings.afterKill()),
                    started,
                    sentNanos,
                    ackedNanos,
                    expected::add,
                    survivor::checkAlive,
                    "failover phase");
            long loadEnded = System.nanoTime();
            double achievedRate = produced / ((loadEnded - started) / 1e9);
            joinQuietly(killer);
            if (killFailure.get() != null) {
                throw killFailure.get();
            }
            Kill k = kill.get();
            String loadAtEnd = loadAverage();
            progress.accept(String.format(
                    "load ended: %,d events at %,.0f events/s; waiting for the output", produced, achievedRate));

            long probeDeadline = System.nanoTime() + PROBE_WAIT.toNanos();
            while (watcher.probesArrived() < probes && System.nanoTime() < probeDeadline) {
                survivor.checkAlive();
                Waiting.sleep(Duration.ofMillis(100));
            }
            Tally tally = awaitFinal(watcher, expected, survivor);
            survivor.close();

            return result(
                    watcher,
                    settings,
                    k,
                    started,
                    loadEnded,
                    sentNanos,
                    ackedNanos,
                    expected,
                    tally,
                    achievedRate,
                    loadAtEnd);
        }
    }

    private RapportInstance start(
            String clientId, Map<String, String> shared, Path stateRoot, FailoverSettings settings, int index) {
        Map<String, String> own = new LinkedHashMap<>(shared);
        own.put(Setting.STATE_DIR.key(), stateRoot.resolve(clientId).toString());
        own.put("kafka.client.id", clientId);
        // Each instance advertises its query port to the other (application.server): a real one.
        own.put(Setting.QUERY_PORT.key(), Integer.toString(freePort()));
        own.put(Setting.METRICS_PORT.key(), Integer.toString(freePort()));
        return RapportInstance.start(clientId, settings.instanceHeap(), own, stateRoot.resolve(clientId + ".log"));
    }

    /**
     * Both instances must run brand tasks before the load starts: the kill is meant to move work
     * from a member that had it.
     */
    private void awaitBalanced(TaskOwnership ownership, RapportInstance survivor, RapportInstance victim) {
        long deadline = System.nanoTime() + BALANCE_TIMEOUT.toNanos();
        Map<String, Set<Integer>> owned = Map.of();
        while (System.nanoTime() < deadline) {
            survivor.checkAlive();
            victim.checkAlive();
            try {
                owned = ownership.brandTasks(List.of(SURVIVOR, VICTIM));
                if (!owned.get(SURVIVOR).isEmpty() && !owned.get(VICTIM).isEmpty()) {
                    return;
                }
            } catch (IllegalStateException notYetDescribed) {
                // The group may not exist until the first member has joined.
            }
            Waiting.sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException("the two instances did not share the brand tasks within " + BALANCE_TIMEOUT
                + ": " + owned + "; the group: " + ownership.describe());
    }

    /**
     * Open conversations for the instances to hold before the load starts: both process them (the
     * output of every one of them is in) before the clock of the phase starts.
     */
    private void preload(
            long conversations,
            Expected expected,
            FailoverOutputWatcher watcher,
            RapportInstance survivor,
            RapportInstance victim) {
        long began = System.nanoTime();
        OpenConversations.publish(clientProperties, topics, conversations, expected::add);
        long published = System.nanoTime();
        long deadline = published + PRELOAD_WAIT.toNanos();
        while (tally(watcher, expected).brandsDiffering() > 0) {
            survivor.checkAlive();
            victim.checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the instances did not process the " + conversations + " conversations within " + PRELOAD_WAIT);
            }
            Waiting.sleep(Duration.ofSeconds(1));
        }
        progress.accept(String.format(
                "%,d open conversations written in %.1f s and processed %.1f s later",
                conversations, (published - began) / 1e9, (System.nanoTime() - published) / 1e9));
    }

    /**
     * Load without probes at the warm-up rate, straight into the settle's load: its events count in
     * the final windows like any other, with ids of their own (the generator prefixes them with its seed).
     */
    private void warmUp(
            LiveSource source,
            FailoverSettings settings,
            long seed,
            Expected expected,
            RapportInstance survivor,
            RapportInstance victim) {
        long produced = ProbedLoad.produce(
                source,
                seed + 3,
                settings.warmupRate(),
                settings.warmup(),
                System.nanoTime(),
                new AtomicLongArray(0),
                new AtomicLongArray(0),
                expected::add,
                () -> {
                    survivor.checkAlive();
                    victim.checkAlive();
                },
                "failover warm-up");
        progress.accept(String.format(
                "warm-up: %,d events over %d s", produced, settings.warmup().toSeconds()));
    }

    /** What the killed instance ran just before it died, and when it died. */
    private record Kill(
            long atNanos,
            long confirmedNanos,
            Set<Integer> movedTasks,
            Set<Integer> stayedTasks,
            long pid,
            String loadAverage) {}

    private Kill kill(TaskOwnership ownership, RapportInstance survivor, RapportInstance victim) {
        Map<String, Set<Integer>> owned = ownership.brandTasks(List.of(SURVIVOR, VICTIM));
        long at = System.nanoTime();
        victim.kill(Duration.ofSeconds(10));
        long confirmed = System.nanoTime();
        String load = loadAverage();
        progress.accept(String.format(
                "killed %s (pid %d) %.0f ms to confirm; it ran brand tasks %s, %s ran %s",
                victim.name(),
                victim.pid(),
                (confirmed - at) / 1e6,
                owned.get(VICTIM),
                survivor.name(),
                owned.get(SURVIVOR)));
        return new Kill(
                at,
                confirmed,
                new TreeSet<>(owned.get(VICTIM)),
                new TreeSet<>(owned.get(SURVIVOR)),
                victim.pid(),
                load);
    }

    /** What the brand-stats windows must add up to: every event produced, every conversation started once. */
    static final class Expected {
        final Map<String, long[]> messages = new HashMap<>();
        final Map<String, Set<String>> conversations = new HashMap<>();

        void add(MessageEvent event) {
            String brand = event.getBrandId();
            long[] counts = messages.computeIfAbsent(brand, b -> new long[2]);
            counts[event.getDirection() == Direction.INBOUND ? 0 : 1]++;
            conversations.computeIfAbsent(brand, b -> new HashSet<>()).add(event.getConversationId());
        }
    }

    /** The final windows summed per brand and held against {@link Expected}. */
    record Tally(
            long expectedEvents,
            long countedEvents,
            long missingEvents,
            long extraEvents,
            long expectedConversations,
            long countedConversations,
            long missingConversations,
            long extraConversations,
            int brandsDiffering) {}

    private Tally tally(FailoverOutputWatcher watcher, Expected expected) {
        Deserializer<BrandWindowStats> values = topics.brandStats().valueSerde().deserializer();
        Map<String, long[]> counted = new HashMap<>();
        watcher.latestValues().forEach((key, value) -> {
            BrandWindowStats stats = values.deserialize(Topics.BRAND_STATS, value);
            long[] c = counted.computeIfAbsent(stats.getBrandId().toString(), b -> new long[3]);
            c[0] += stats.getInbound();
            c[1] += stats.getOutbound();
            stats.getDepthReached().forEach((depth, n) -> {
                if (depth.toString().equals("1")) {
                    c[2] += n;
                }
            });
        });
        long expectedEvents = 0, countedEvents = 0, missing = 0, extra = 0;
        long expectedConversations = 0, countedConversations = 0, missingConversations = 0, extraConversations = 0;
        int differing = 0;
        Set<String> brands = new HashSet<>(expected.messages.keySet());
        brands.addAll(counted.keySet());
        for (String brand : brands) {
            long[] e = expected.messages.getOrDefault(brand, new long[2]);
            long ec = expected.conversations.getOrDefault(brand, Set.of()).size();
            long[] c = counted.getOrDefault(brand, new long[3]);
            boolean differs = false;
            for (int d = 0; d < 2; d++) {
                expectedEvents += e[d];
                countedEvents += c[d];
                missing += Math.max(0, e[d] - c[d]);
                extra += Math.max(0, c[d] - e[d]);
                differs |= e[d] != c[d];
            }
            expectedConversations += ec;
            countedConversations += c[2];
            missingConversations += Math.max(0, ec - c[2]);
            extraConversations += Math.max(0, c[2] - ec);
            differs |= ec != c[2];
            if (differs) {
                differing++;
            }
        }
        return new Tally(
                expectedEvents,
                countedEvents,
                missing,
                extra,
                expectedConversations,
                countedConversations,
                missingConversations,
                extraConversations,
                differing);
    }

    /**
     * The output is final when it adds up, or when nothing new has come for a while (then what
     * is missing stays missing).
     */
    private Tally awaitFinal(FailoverOutputWatcher watcher, Expected expected, RapportInstance survivor) {
        long deadline = System.nanoTime() + FINAL_WAIT.toNanos();
        long lastRecords = -1;
        long quietSince = System.nanoTime();
        Tally tally;
        while (true) {
            survivor.checkAlive();
            tally = tally(watcher, expected);
            boolean complete = tally.brandsDiffering() == 0;
            long records = watcher.records();
            if (records != lastRecords) {
                lastRecords = records;
                quietSince = System.nanoTime();
            }
            boolean quiet = System.nanoTime() - quietSince > FINAL_QUIET.toNanos();
            if (complete || quiet || System.nanoTime() > deadline) {
                return tally;
            }
            Waiting.sleep(Duration.ofSeconds(1));
        }
    }

    private FailoverResult result(
            FailoverOutputWatcher watcher,
            FailoverSettings settings,
            Kill kill,
            long started,
            long loadEnded,
            AtomicLongArray sentNanos,
            AtomicLongArray ackedNanos,
            Expected expected,
            Tally tally,
            double achievedRate,
            String loadAtEnd) {
        long from = kill.atNanos();
        Map<Integer, Double> movedGaps = new LinkedHashMap<>();
        Map<Integer, Double> resumed = new LinkedHashMap<>();
        double movedGap = 0;
        double resumeMs = 0;
        for (int task : kill.movedTasks()) {
            long[] gap = watcher.longestGapOfBrandTask(task, from, loadEnded);
            double ms = (gap[1] - gap[0]) / 1e6;
            movedGaps.put(task, ms);
            movedGap = Math.max(movedGap, ms);
            // Output resumes when the longest silence of the task ends: the survivor runs it then.
            double resumedAfter = (gap[1] - from) / 1e6;
            resumed.put(task, resumedAfter);
            resumeMs = Math.max(resumeMs, resumedAfter);
        }
        double stayedGap = 0;
        for (int task : kill.stayedTasks()) {
            long[] gap = watcher.longestGapOfBrandTask(task, from, loadEnded);
            stayedGap = Math.max(stayedGap, (gap[1] - gap[0]) / 1e6);
        }
        double topicGap = 0;
        for (int partition : watcher.outputPartitions()) {
            long[] gap = watcher.longestGapOfOutputPartition(partition, from, loadEnded);
            topicGap = Math.max(topicGap, (gap[1] - gap[0]) / 1e6);
        }
        long windowEnd = Math.min(loadEnded, from + AFTER_KILL_WINDOW.toNanos());
        Probes after = Probes.of(watcher::probeArrival, sentNanos, ackedNanos, from, windowEnd);
        // The reference is the steady state just before the kill, not the instances' cold start.
        long beforeFrom = Math.max(started, from - BEFORE_KILL_WINDOW.toNanos());
        Probes before = Probes.of(watcher::probeArrival, sentNanos, ackedNanos, beforeFrom, from);
        Probes all = Probes.of(watcher::probeArrival, sentNanos, ackedNanos, Long.MIN_VALUE, Long.MAX_VALUE);
        return new FailoverResult(
                settings,
                kill.pid(),
                (kill.confirmedNanos() - kill.atNanos()) / 1e6,
                List.copyOf(kill.movedTasks()),
                List.copyOf(kill.stayedTasks()),
                movedGap,
                movedGaps,
                resumeMs,
                resumed,
                stayedGap,
                topicGap,
                after.fromAckQuantile(0.50),
                after.fromAckQuantile(0.99),
                after.sent(),
                after.seen(),
                (windowEnd - from) / 1e9,
                before.fromAckQuantile(0.50),
                before.fromAckQuantile(0.99),
                all.sent(),
                all.sent() - all.seen(),
                achievedRate,
                tally,
                kill.loadAverage(),
                loadAtEnd);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for an instance", e);
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(Duration.ofMinutes(1).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String loadAverage() {
        return String.format(
                java.util.Locale.ROOT,
                "%.2f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
