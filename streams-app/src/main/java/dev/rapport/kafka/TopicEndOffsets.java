package dev.rapport.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/** One attempt at the end offset of every partition of a topic, each admin call bounded by {@link Retrying#ATTEMPT_TIMEOUT}. */
final class TopicEndOffsets {
    private TopicEndOffsets() {}

    static Map<TopicPartition, Long> read(Admin admin, String topic, IsolationLevel isolation)
            throws ExecutionException, InterruptedException, TimeoutException {
        int timeoutMs = (int) Retrying.ATTEMPT_TIMEOUT.toMillis();
        int partitions = admin.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(timeoutMs))
                .allTopicNames()
                .get(timeoutMs + 5_000L, TimeUnit.MILLISECONDS)
                .get(topic)
                .partitions()
                .size();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request, new ListOffsetsOptions(isolation).timeoutMs(timeoutMs))
                .all()
                .get(timeoutMs + 5_000L, TimeUnit.MILLISECONDS)
                .forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }
}
