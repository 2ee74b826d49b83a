package dev.rapport.bench;

import dev.rapport.config.RapportConfig;
import dev.rapport.config.StreamsProperties;
import dev.rapport.files.StateDirectories;
import dev.rapport.kafka.CompletionWatcher;
import dev.rapport.kafka.StreamsApp;
import dev.rapport.topology.EngagementSettings;
import dev.rapport.topology.EngagementTopology;
import dev.rapport.topology.Topics;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * State at scale for one {@code conversation.store}: a fresh Rapport application loads the open
 * conversations already written to the input (its consumer group starts where they begin), then
 * the heap it holds, the changelog bytes on the broker and the time a new instance takes to
 * restore all of it are measured.
 *
 * <p>Heap is read as {@code IndexHeapFootprint} reads it, so the figures compare: used heap after
 * three full collections, before the application starts and with the state loaded; the difference
 * over the stored conversations is the heap per conversation with its indexes. It also holds the
 * application's fixed costs (record caches, client buffers: tens of MiB), which millions of
 * conversations make small per conversation.
 *
 * <p>The restore: the first instance closes and leaves the group, its state directory is deleted,
 * and a new instance with the same application.id starts on it; timed from {@code start()} until
 * it is RUNNING and every store it restores has ended its restore, conversation-state on every
 * partition. Leaving the group keeps the new member from waiting out the old one's session, which
 * is no part of a restore.
 */
final class ScalePhase {
    private static final Duration TIMEOUT = Duration.ofHours(2);
    private static final Duration GROUP_EMPTY_WAIT = Duration.ofMinutes(2);
    private static final int READ_ATTEMPTS = 3;
    private static final Duration CLOSE_TIMEOUT = Duration.ofMinutes(5);

    private final Admin admin;
    private final Topics topics;
    private final String bootstrapServers;
    private final Consumer<String> progress;

    ScalePhase(Admin admin, Topics topics, String bootstrapServers, Consumer<String> progress) {
        this.admin = admin;
        this.topics = topics;
        this.bootstrapServers = bootstrapServers;
        this.progress = progress;
    }

    /**
     * {@code config} names the application and its state directory; its consumer group must
     * already start where the phase's conversations begin.
     */
    ScaleResult run(RapportConfig config, Path stateDir, String store, long expected) {
        String appId = config.applicationId();
        long heapBaseline = heapAfterGc();
        long loadStarted = System.nanoTime();
        StreamsApp loader = new StreamsApp(topology(config), StreamsProperties.of(config, bootstrapServers));
        double loadSeconds;
        long heapLoaded;
        StateSize state;
        try {
            loader.start(Duration.ofMinutes(2));
            new CompletionWatcher(admin, appId, List.of(Topics.MESSAGES, EngagementTopology.repartitionTopic(appId)))
                    .await(TIMEOUT, loader::checkHealthy, done -> {});
            loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
            heapLoaded = heapAfterGc();
            progress.accept(String.format(
                    "%s: loaded in %.1f s, heap after GC %,d MiB (before %,d MiB)",
                    store, loadSeconds, heapLoaded >> 20, heapBaseline >> 20));
            state = storedState(loader, expected, store);
        } finally {
            closeFully(loader, appId);
        }
        Map<String, Long> changelogs = changelogBytes(appId);
        long changelogBytes =
                changelogs.values().stream().mapToLong(Long::longValue).sum();
        long conversationChangelogBytes =
                changelogs.getOrDefault(appId + "-" + EngagementTopology.CONVERSATION_STORE + "-changelog", 0L);
        awaitEmptyGroup(appId);
        StateDirectories.delete(stateDir);

        long heapBeforeRestore = heapAfterGc();
        progress.accept(String.format("%s: restoring into a new instance", store));
        Restores restores = new Restores();
        int conversationPartitions = partitionsOf(Topics.MESSAGES);
        double restoreSeconds;
        double restoreEndSeconds;
        double runningSeconds;
        long heapRestored;
        StreamsApp restorer = new StreamsApp(topology(config), StreamsProperties.of(config, bootstrapServers));
        try {
            restorer.streams().setGlobalStateRestoreListener(restores);
            long started = System.nanoTime();
            restorer.start(TIMEOUT);
            long running = System.nanoTime();
            while (restores.inProgress() > 0 || restores.conversationPartitionsDone.get() < conversationPartitions) {
                restorer.checkHealthy();
                if (System.nanoTime() - started > TIMEOUT.toNanos()) {
                    throw new IllegalStateException("the restore of " + appId + " did not end within " + TIMEOUT);
                }
                Waiting.sleep(Duration.ofMillis(5));
            }
            restoreSeconds = (Math.max(running, restores.lastEnd.get()) - started) / 1e9;
            restoreEndSeconds = (restores.lastEnd.get() - started) / 1e9;
            runningSeconds = (running - started) / 1e9;
            heapRestored = heapAfterGc();
            long restoredConversations = storedConversations(restorer);
            progress.accept(String.format(
                    "%s: restored %,d records (%,d conversations) in %.1f s (last restore ended after %.1f s, RUNNING "
                            + "after %.1f s), heap after GC %,d MiB",
                    store,
                    restores.records.get(),
                    restoredConversations,
                    restoreSeconds,
                    restoreEndSeconds,
                    runningSeconds,
                    heapRestored >> 20));
        } finally {
            closeFully(restorer, appId);
        }
        deleteInternalTopics(appId);
        return new ScaleResult(
                store,
                loadSeconds,
                state.conversations(),
                state.openConversations(),
                state.bytes(),
                heapBaseline,
                heapLoaded,
                changelogBytes,
                conversationChangelogBytes,
                restoreSeconds,
                restoreEndSeconds,
                runningSeconds,
                restores.records.get(),
                restores.conversationRecords.get(),
                heapBeforeRestore,
                heapRestored,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /**
     * Every conversation the phase wrote is stored (each has an id of its own, and none expires
     * within the minute of event time they span), so a read that finds fewer, or fails on a store
     * closed under it, was cut short: on this shared machine full collections of gigabytes once
     * stalled the JVM long enough for its stream threads to be fenced, and their tasks' stores
     * were closed and restored. It is read again once the instance has its tasks back.
     */
    private StateSize storedState(StreamsApp app, long expected, String store) {
        String shortBy = "";
        for (int attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
            if (attempt > 1) {
                progress.accept(String.format("%s: %s, reading again", store, shortBy));
                Waiting.sleep(Duration.ofSeconds(5));
                awaitRunning(app);
            }
            try {
                StateSize state = StateSize.of(List.of(app.streams()));
                if (state.conversations() == expected) {
                    return state;
                }
                shortBy = String.format("read %,d of %,d conversations", state.conversations(), expected);
            } catch (InvalidStateStoreException e) {
                // A store closed under the read (its task left this thread) and is being restored.
                shortBy = "the read failed: " + e.getMessage();
            }
        }
        throw new IllegalStateException(String.format(
                "conversation.store=%s: %s after %d reads (is conversation.ttl shorter than the conversations' "
                        + "minute of event time?)",
                store, shortBy, READ_ATTEMPTS));
    }

    /**
     * The next heap reading must not see this instance: until its threads have ended they hold
     * its stores (an instance closing under a load average of 30 once still held half of five
     * GiB when the next store's baseline was read).
     */
    private static void closeFully(StreamsApp app, String appId) {
        boolean closed = app.streams()
                .close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(CLOSE_TIMEOUT));
        if (!closed) {
            throw new IllegalStateException(appId + " did not close within " + CLOSE_TIMEOUT);
        }
    }

    /**
     * The conversations the instance holds. A rebalance after the restore (one thread's tasks
     * moving to the other once both have joined) closes the stores for a moment, and a query then
     * fails; it is read again once the instance is back to RUNNING.
     */
    private static long storedConversations(StreamsApp app) {
        long giveUp = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            awaitRunning(app);
            try {
                return app.streams()
                        .store(StoreQueryParameters.fromNameAndType(
                                EngagementTopology.CONVERSATION_STORE, QueryableStoreTypes.keyValueStore()))
                        .approximateNumEntries();
            } catch (InvalidStateStoreException e) {
                if (System.nanoTime() > giveUp) {
                    throw e;
                }
                Waiting.sleep(Duration.ofMillis(100));
            }
        }
    }

    private static void awaitRunning(StreamsApp app) {
        long giveUp = System.nanoTime() + TIMEOUT.toNanos();
        while (app.streams().state() != KafkaStreams.State.RUNNING) {
            app.checkHealthy();
            if (System.nanoTime() > giveUp) {
                throw new IllegalStateException("Kafka Streams did not return to RUNNING within " + TIMEOUT);
            }
            Waiting.sleep(Duration.ofMillis(100));
        }
    }

    private Topology topology(RapportConfig config) {
        return EngagementTopology.build(topics, EngagementSettings.from(config), System::currentTimeMillis);
    }

    /** As {@code IndexHeapFootprint} reads it: used heap after three full collections. */
    static long heapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** Bytes of each changelog topic of the application, each partition counted once (its largest replica). */
    private Map<String, Long> changelogBytes(String appId) {
        try {
            List<Integer> brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                    .map(Node::id)
                    .toList();
            Map<TopicPartition, Long> partitions = new HashMap<>();
            for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers)
                    .allDescriptions()
                    .get(60, TimeUnit.SECONDS)
                    .values()) {
                for (LogDirDescription dir : dirs.values()) {
                    for (Map.Entry<TopicPartition, ReplicaInfo> replica :
                            dir.replicaInfos().entrySet()) {
                        String topic = replica.getKey().topic();
                        if (topic.startsWith(appId + "-") && topic.endsWith("-changelog")) {
                            partitions.merge(
                                    replica.getKey(), replica.getValue().size(), Math::max);
                        }
                    }
                }
            }
            Map<String, Long> topicsBytes = new HashMap<>();
            partitions.forEach((partition, bytes) -> topicsBytes.merge(partition.topic(), bytes, Long::sum));
            return topicsBytes;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the log sizes of " + appId + "'s changelogs: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int partitionsOf(String topic) {
        try {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .size();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe " + topic + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The closed instance left the group; this waits until the coordinator has let it go. */
    private void awaitEmptyGroup(String groupId) {
        long giveUp = System.nanoTime() + GROUP_EMPTY_WAIT.toNanos();
        try {
            while (!admin.describeConsumerGroups(List.of(groupId))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(groupId)
                    .members()
                    .isEmpty()) {
                if (System.nanoTime() > giveUp) {
                    throw new IllegalStateException(
                            groupId + " still has members " + GROUP_EMPTY_WAIT + " after its only instance closed");
                }
                Waiting.sleep(Duration.ofMillis(100));
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe the group " + groupId + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Frees the broker's disk and log cleaner of this store's run before the next one. */
    private void deleteInternalTopics(String appId) {
        try {
            admin.deleteTopics(InternalRecords.topicsOf(admin, appId)).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not delete " + appId + "'s internal topics: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Restores in progress, records restored, and when the last one ended. */
    private static final class Restores implements StateRestoreListener {
        final AtomicLong started = new AtomicLong();
        final AtomicLong ended = new AtomicLong();
        final AtomicLong records = new AtomicLong();
        final AtomicLong conversationRecords = new AtomicLong();
        final AtomicLong conversationPartitionsDone = new AtomicLong();
        final AtomicLong lastEnd = new AtomicLong();

        long inProgress() {
            return started.get() - ended.get();
        }

        @Override
        public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
            started.incrementAndGet();
        }

        @Override
        public void onBatchRestored(
                TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {}

        @Override
        public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
            records.addAndGet(totalRestored);
            if (storeName.equals(EngagementTopology.CONVERSATION_STORE)) {
                conversationRecords.addAndGet(totalRestored);
                conversationPartitionsDone.incrementAndGet();
            }
            lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
            ended.incrementAndGet();
        }

        @Override
        public void onRestoreSuspended(TopicPartition partition, String storeName, long totalRestored) {
            records.addAndGet(totalRestored);
            ended.incrementAndGet();
        }
    }
}
