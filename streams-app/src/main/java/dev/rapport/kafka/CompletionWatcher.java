package dev.rapport.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Tells when a Kafka Streams application has processed and committed everything in its source
 * topics: the input first, then the internal repartition topic it feeds. Under exactly-once the
 * deltas a task writes are committed in the same transaction as its input offsets, so once the
 * input is fully committed the repartition topic's end offsets are final, and once those are
 * committed too every output has been written and committed. While a broker fails over, the
 * admin calls that watch this are retried ({@link Retrying}): the application rides through it,
 * and so must the watcher.
 */
public final class CompletionWatcher {
    private final Admin admin;
    private final String groupId;
    private final List<String> topicsInOrder;
    private final Retrying retrying;

    public CompletionWatcher(Admin admin, String groupId, List<String> topicsInOrder) {
        this(admin, groupId, topicsInOrder, Retrying.withDefaults());
    }

    public CompletionWatcher(Admin admin, String groupId, List<String> topicsInOrder, Retrying retrying) {
        this.admin = admin;
        this.groupId = groupId;
        this.topicsInOrder = topicsInOrder;
        this.retrying = retrying;
    }

    /** Waits until complete; reports the committed offset total of the first topic as progress. */
    public void await(Duration timeout, Runnable healthCheck, LongConsumer progress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            healthCheck.run();
            Map<TopicPartition, Long> committed = committedOffsets();
            progress.accept(committed.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topicsInOrder.get(0)))
                    .mapToLong(Map.Entry::getValue)
                    .sum());
            if (allCommitted(committed)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the application did not process all input within " + timeout);
            }
            sleep();
        }
    }

    private boolean allCommitted(Map<TopicPartition, Long> committed) {
        for (String topic : topicsInOrder) {
            Map<TopicPartition, Long> ends = endOffsets(topic, IsolationLevel.READ_COMMITTED);
            // A transaction still open (or its markers not yet written) means more is coming.
            if (!ends.equals(endOffsets(topic, IsolationLevel.READ_UNCOMMITTED))) {
                return false;
            }
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                if (committed.getOrDefault(end.getKey(), 0L) < end.getValue()) {
                    return false;
                }
            }
        }
        return true;
    }

    private Map<TopicPartition, Long> committedOffsets() {
        int timeoutMs = (int) Retrying.ATTEMPT_TIMEOUT.toMillis();
        return retrying.call("the committed offsets of consumer group " + groupId, () -> {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(
                            groupId, new ListConsumerGroupOffsetsOptions().timeoutMs(timeoutMs))
                    .partitionsToOffsetAndMetadata()
                    .get(timeoutMs + 5_000L, TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> result = new HashMap<>();
            offsets.forEach((tp, om) -> {
                if (om != null) {
                    result.put(tp, om.offset());
                }
            });
            return result;
        });
    }

    private Map<TopicPartition, Long> endOffsets(String topic, IsolationLevel isolation) {
        return retrying.call("the end offsets of " + topic, () -> {
            try {
                return TopicEndOffsets.read(admin, topic, isolation);
            } catch (ExecutionException e) {
                // The repartition topic appears only once the application has created it: nothing to wait for yet.
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    return Map.of();
                }
                throw e;
            }
        });
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
