package dev.rapport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.LeaderNotAvailableException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/** The other lookups a command makes, against fakes that fail the way a failover does. */
class LookupRetryTest {
    private final RetryingTest.FakeTime time = new RetryingTest.FakeTime();
    private final List<String> lines = new ArrayList<>();

    /** A consumer whose partition lookups fail with the given errors first. */
    private static MockConsumer<String, String> consumer(String topic, RuntimeException... failures) {
        AtomicInteger calls = new AtomicInteger();
        MockConsumer<String, String> consumer = new MockConsumer<>("earliest") {
            @Override
            public synchronized List<PartitionInfo> partitionsFor(String t, Duration timeout) {
                int n = calls.getAndIncrement();
                if (n < failures.length) {
                    throw failures[n];
                }
                return super.partitionsFor(t, timeout);
            }
        };
        Node node = new Node(1, "localhost", 9092);
        consumer.updatePartitions(
                topic,
                List.of(
                        new PartitionInfo(topic, 0, node, new Node[] {node}, new Node[] {node}),
                        new PartitionInfo(topic, 1, node, new Node[] {node}, new Node[] {node})));
        return consumer;
    }

    @Test
    void aConsumerLookupRidesThroughTimeoutsAndABrokerGoingAway() {
        try (MockConsumer<String, String> consumer = consumer(
                "rapport.alerts",
                new TimeoutException("Timeout expired while fetching topic metadata"),
                new NetworkException("Disconnected from node 2"),
                new LeaderNotAvailableException("There is no leader for this topic-partition"))) {
            List<TopicPartition> partitions =
                    TopicReader.partitionsOf(consumer, "rapport.alerts", time.retrying(Duration.ofMinutes(5), lines));

            assertThat(partitions)
                    .containsExactly(new TopicPartition("rapport.alerts", 0), new TopicPartition("rapport.alerts", 1));
            assertThat(lines.get(0))
                    .startsWith("rapport: waiting for the partitions of rapport.alerts (timed out: Timeout expired");
        }
    }

    @Test
    void aConsumerLookupEndsOnARealError() {
        try (MockConsumer<String, String> consumer = consumer(
                "rapport.alerts",
                new SaslAuthenticationException("Authentication failed: Invalid username or password"))) {
            assertThatThrownBy(() -> TopicReader.partitionsOf(
                            consumer, "rapport.alerts", time.retrying(Duration.ofMinutes(5), lines)))
                    .hasMessage("Kafka refused the partitions of rapport.alerts: SaslAuthenticationException: "
                            + "Authentication failed: Invalid username or password");
        }
        assertThat(lines).isEmpty();
    }

    @Test
    void theEmptyTopicGuardRetriesThenJudgesWhatItFinds() {
        CompletionWatcherRetryTest.FakeAdmin cluster = new CompletionWatcherRetryTest.FakeAdmin();
        for (int p = 0; p < 3; p++) {
            cluster.ends.put(new TopicPartition("rapport.messages", p), 10L);
        }
        cluster.failNext("describeTopics", new TimeoutException("Timed out waiting for a node assignment."));
        cluster.failNext("listOffsets", new NetworkException("Disconnected"), new NetworkException("Disconnected"));

        assertThatThrownBy(() -> EmptyTopicGuard.requireEmpty(
                        cluster.admin(),
                        "rapport.messages",
                        "use a fresh cluster",
                        time.retrying(Duration.ofMinutes(5), lines)))
                .hasMessage("topic rapport.messages already holds 30 records; use a fresh cluster");
        assertThat(cluster.calls.get("listOffsets")).isEqualTo(3);

        cluster.failNext(
                "describeTopics",
                new TopicAuthorizationException("Not authorized to access topics: [rapport.messages]"));
        assertThatThrownBy(() -> EmptyTopicGuard.requireEmpty(
                        cluster.admin(),
                        "rapport.messages",
                        "use a fresh cluster",
                        time.retrying(Duration.ofMinutes(5), lines)))
                .hasMessage("Kafka refused the end offsets of rapport.messages: TopicAuthorizationException: "
                        + "Not authorized to access topics: [rapport.messages]");
    }
}
