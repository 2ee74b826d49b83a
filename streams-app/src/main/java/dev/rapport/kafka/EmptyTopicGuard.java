package dev.rapport.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Jobs that count what they write (replay, bench) must start from an empty input topic: on a
 * shared cluster an old topic would mix earlier records into their results, so they refuse.
 */
public final class EmptyTopicGuard {
    private EmptyTopicGuard() {}

    /** @param advice what the user should do instead, appended to the error */
    public static void requireEmpty(Admin admin, String topic, String advice) {
        requireEmpty(admin, topic, advice, Retrying.withDefaults());
    }

    public static void requireEmpty(Admin admin, String topic, String advice, Retrying retrying) {
        int timeoutMs = (int) Retrying.ATTEMPT_TIMEOUT.toMillis();
        long records = retrying.call("the end offsets of " + topic, () -> {
            int partitions = admin.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(timeoutMs))
                    .allTopicNames()
                    .get(timeoutMs + 5_000L, TimeUnit.MILLISECONDS)
                    .get(topic)
                    .partitions()
                    .size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin
                    .listOffsets(latest, new ListOffsetsOptions().timeoutMs(timeoutMs))
                    .all()
                    .get(timeoutMs + 5_000L, TimeUnit.MILLISECONDS)
                    .values()
                    .stream()
                    .mapToLong(info -> info.offset())
                    .sum();
        });
        if (records > 0) {
            throw new IllegalStateException("topic " + topic + " already holds " + records + " records; " + advice);
        }
    }
}
