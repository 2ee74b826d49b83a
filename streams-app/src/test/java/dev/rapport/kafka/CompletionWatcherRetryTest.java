package dev.rapport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Constructor;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.internals.CoordinatorKey;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.CoordinatorLoadInProgressException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;

/**
 * The completion watcher against an admin client that fails the way one does while a broker is
 * killed and restarted: it keeps watching, says what it waits for, and only a real error ends it.
 */
class CompletionWatcherRetryTest {
    private static final String INPUT = "rapport.messages";
    private static final String REPARTITION = "rapport-brand-deltas-repartition";
    private static final String GROUP = "rapport";

    /** An Admin whose calls fail with the queued errors first, then answer from a fixed cluster state. */
    static final class FakeAdmin {
        final Map<String, Deque<Throwable>> failures = new HashMap<>();
        final Map<String, Integer> calls = new HashMap<>();
        final Map<TopicPartition, Long> ends = new HashMap<>();
        final Map<TopicPartition, Long> committed = new HashMap<>();

        void failNext(String method, Throwable... errors) {
            failures.computeIfAbsent(method, m -> new ArrayDeque<>()).addAll(List.of(errors));
        }

        Admin admin() {
            return (Admin) Proxy.newProxyInstance(
                    Admin.class.getClassLoader(), new Class<?>[] {Admin.class}, (proxy, method, args) -> {
                        String name = method.getName();
                        calls.merge(name, 1, Integer::sum);
                        Throwable failure = Optional.ofNullable(failures.get(name))
                                .map(Deque::poll)
                                .orElse(null);
                        return switch (name) {
                            case "describeTopics" -> describe((Iterable<?>) args[0], failure);
                            case "listOffsets" -> listOffsets(castMap(args[0]), failure);
                            case "listConsumerGroupOffsets" -> groupOffsets((String) args[0], failure);
                            case "close" -> null;
                            default -> throw new UnsupportedOperationException(name);
                        };
                    });
        }

        @SuppressWarnings("unchecked")
        private static Map<TopicPartition, OffsetSpec> castMap(Object o) {
            return (Map<TopicPartition, OffsetSpec>) o;
        }

        private DescribeTopicsResult describe(Iterable<?> topics, Throwable failure) {
            Map<String, KafkaFuture<TopicDescription>> result = new HashMap<>();
            for (Object t : topics) {
                String topic = (String) t;
                long partitions = ends.keySet().stream()
                        .filter(tp -> tp.topic().equals(topic))
                        .count();
                Throwable error = failure != null
                        ? failure
                        : partitions == 0 ? new UnknownTopicOrPartitionException("no such topic " + topic) : null;
                List<TopicPartitionInfo> infos = new ArrayList<>();
                Node node = new Node(1, "localhost", 9092);
                for (int p = 0; p < partitions; p++) {
                    infos.add(new TopicPartitionInfo(p, node, List.of(node), List.of(node)));
                }
                result.put(topic, future(new TopicDescription(topic, false, infos), error));
            }
            return new DescribeTopicsResult(null, result) {};
        }

        private ListOffsetsResult listOffsets(Map<TopicPartition, OffsetSpec> request, Throwable failure) {
            Map<TopicPartition, KafkaFuture<ListOffsetsResult.ListOffsetsResultInfo>> result = new HashMap<>();
            request.keySet()
                    .forEach(tp -> result.put(
                            tp,
                            future(
                                    new ListOffsetsResult.ListOffsetsResultInfo(ends.get(tp), -1, Optional.empty()),
                                    failure)));
            return new ListOffsetsResult(result);
        }

        private ListConsumerGroupOffsetsResult groupOffsets(String group, Throwable failure) throws Exception {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            committed.forEach((tp, offset) -> offsets.put(tp, new OffsetAndMetadata(offset)));
            // Its constructor is package-private: the fake builds it the way the admin client does.
            Constructor<ListConsumerGroupOffsetsResult> constructor =
                    ListConsumerGroupOffsetsResult.class.getDeclaredConstructor(Map.class);
            constructor.setAccessible(true);
            return constructor.newInstance(Map.of(CoordinatorKey.byGroupId(group), future(offsets, failure)));
        }

        private static <T> KafkaFuture<T> future(T value, Throwable failure) {
            KafkaFutureImpl<T> f = new KafkaFutureImpl<>();
            if (failure != null) {
                f.completeExceptionally(failure);
            } else {
                f.complete(value);
            }
            return f;
        }
    }

    private final RetryingTest.FakeTime time = new RetryingTest.FakeTime();
    private final List<String> lines = new ArrayList<>();
    private final FakeAdmin cluster = new FakeAdmin();

    CompletionWatcherRetryTest() {
        for (int p = 0; p < 3; p++) {
            cluster.ends.put(new TopicPartition(INPUT, p), 100L);
            cluster.committed.put(new TopicPartition(INPUT, p), 100L);
        }
    }

    @Test
    void ridesThroughLeaderChangesTimeoutsAndACoordinatorMove() {
        cluster.failNext(
                "listOffsets",
                new NotLeaderOrFollowerException("This server is not the leader for that topic-partition."),
                new TimeoutException("Timed out waiting for a node assignment. Call: listOffsets"),
                new NotLeaderOrFollowerException("This server is not the leader for that topic-partition."));
        cluster.failNext(
                "listConsumerGroupOffsets",
                new CoordinatorLoadInProgressException("The coordinator is loading and hence can't process requests."));
        cluster.failNext("describeTopics", new TimeoutException("Timed out waiting for a node assignment."));
        AtomicLong progress = new AtomicLong();

        watcher().await(Duration.ofMinutes(1), () -> {}, progress::set);

        assertThat(progress).hasValue(300);
        assertThat(cluster.calls.get("listOffsets"))
                .isGreaterThanOrEqualTo(5); // 3 failures, then both isolation levels
        assertThat(lines)
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).startsWith("rapport: waiting for the "))
                .anySatisfy(
                        line -> assertThat(line)
                                .startsWith(
                                        "rapport: waiting for the committed offsets of consumer group rapport (coordinator moving: "));
    }

    @Test
    void aRealErrorEndsTheWatchNamingIt() {
        cluster.failNext(
                "listConsumerGroupOffsets", new GroupAuthorizationException("Not authorized to access group: rapport"));

        assertThatThrownBy(() -> watcher().await(Duration.ofMinutes(1), () -> {}, done -> {}))
                .hasMessage("Kafka refused the committed offsets of consumer group rapport: "
                        + "GroupAuthorizationException: Not authorized to access group: rapport");
        assertThat(cluster.calls.get("listConsumerGroupOffsets")).isEqualTo(1);
    }

    @Test
    void aClusterThatStaysAwayEndsTheWatchAfterTheDeadline() {
        for (int i = 0; i < 1_000; i++) {
            cluster.failNext("listOffsets", new TimeoutException("Timed out waiting for a node assignment."));
        }

        assertThatThrownBy(() -> new CompletionWatcher(
                                cluster.admin(),
                                GROUP,
                                List.of(INPUT, REPARTITION),
                                time.retrying(Duration.ofMinutes(2), lines))
                        .await(Duration.ofMinutes(30), () -> {}, done -> {}))
                .hasMessage(
                        "gave up waiting for the end offsets of rapport.messages after 2m of transient errors "
                                + "(setting command.retry.deadline); the last: timed out: Timed out waiting for a node assignment.");
    }

    private CompletionWatcher watcher() {
        return new CompletionWatcher(
                cluster.admin(), GROUP, List.of(INPUT, REPARTITION), time.retrying(Duration.ofMinutes(5), lines));
    }
}
