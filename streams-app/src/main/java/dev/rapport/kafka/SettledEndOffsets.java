package dev.rapport.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * The committed end of some partitions, once it has settled. A transaction's commit markers reach
 * the data partitions shortly after the producer's commit returns, so right after an exactly-once
 * application stops, a read_committed end offset can still stop before its last records. Reading
 * "to the end" then silently drops them; waiting until no transaction is open (committed end =
 * high watermark) does not. Each read rides through a broker failover ({@link Retrying}).
 */
public final class SettledEndOffsets {
    private SettledEndOffsets() {}

    /** Read_committed end offsets when they equal the high watermarks, or as they are after {@code patience}. */
    public static Map<TopicPartition, Long> of(
            Properties clientProperties, Collection<TopicPartition> partitions, Duration patience) {
        return of(clientProperties, partitions, patience, Retrying.withDefaults());
    }

    /** As {@link #of(Properties, Collection, Duration)}, retrying transient errors as {@code retrying} says. */
    public static Map<TopicPartition, Long> of(
            Properties clientProperties, Collection<TopicPartition> partitions, Duration patience, Retrying retrying) {
        try (Admin admin = Admin.create(clientProperties)) {
            long giveUp = System.nanoTime() + patience.toNanos();
            while (true) {
                Map<TopicPartition, Long> committed = ends(admin, partitions, IsolationLevel.READ_COMMITTED, retrying);
                if (committed.equals(ends(admin, partitions, IsolationLevel.READ_UNCOMMITTED, retrying))
                        || System.nanoTime() > giveUp) {
                    return committed;
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading end offsets", e);
        }
    }

    private static Map<TopicPartition, Long> ends(
            Admin admin, Collection<TopicPartition> partitions, IsolationLevel level, Retrying retrying) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
        int timeoutMs = (int) Retrying.ATTEMPT_TIMEOUT.toMillis();
        return retrying.call("the end offsets of " + topics(partitions), () -> {
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(request, new ListOffsetsOptions(level).timeoutMs(timeoutMs))
                    .all()
                    .get(timeoutMs + 5_000L, TimeUnit.MILLISECONDS)
                    .forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        });
    }

    private static String topics(Collection<TopicPartition> partitions) {
        return String.join(
                ", ",
                new TreeSet<>(partitions.stream().map(TopicPartition::topic).toList()));
    }
}
