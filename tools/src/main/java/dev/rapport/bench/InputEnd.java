package dev.rapport.bench;

import dev.rapport.topology.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Starts a new application's consumer group at the input topic's current end, so a live phase sees
 * only the traffic it produces itself, not the backlog of the phases before it.
 */
final class InputEnd {
    private InputEnd() {}

    /** Commits {@code groupId}'s offsets at the current end of every partition of the input topic. */
    static void startGroupThere(Admin admin, String groupId) {
        try {
            int partitions = admin.describeTopics(List.of(Topics.MESSAGES))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(Topics.MESSAGES)
                    .partitions()
                    .size();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(Topics.MESSAGES, p), OffsetSpec.latest());
            }
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            admin.listOffsets(request)
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> start.put(tp, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(groupId, start).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot start " + groupId + " at the input's end: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
