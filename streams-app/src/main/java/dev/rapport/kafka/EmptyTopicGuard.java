package dev.rapport.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.IsolationLevel;

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
        long records = retrying.call(
                "the end offsets of " + topic,
                () -> TopicEndOffsets.read(admin, topic, IsolationLevel.READ_UNCOMMITTED).values().stream()
                        .mapToLong(Long::longValue)
                        .sum());
        if (records > 0) {
            throw new IllegalStateException("topic " + topic + " already holds " + records + " records; " + advice);
        }
    }
}
