package dev.rapport.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
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
        try {
            int partitions = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            long records = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset())
                    .sum();
            if (records > 0) {
                throw new IllegalStateException("topic " + topic + " already holds " + records + " records; " + advice);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot check topic " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
