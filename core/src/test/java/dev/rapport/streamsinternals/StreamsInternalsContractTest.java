package dev.rapport.streamsinternals;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.BatchingStateRestoreCallback;
import org.apache.kafka.streams.processor.StateRestoreCallback;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.ChangelogRecordDeserializationHelper;
import org.apache.kafka.streams.processor.internals.RecordBatchingStateRestoreCallback;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.internals.PositionSerde;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * What Rapport relies on of Kafka Streams' internals, checked on the Kafka version the build
 * uses; CI also runs it against the newest Kafka release, so a release that changes one of them
 * fails here rather than changing results silently.
 */
class StreamsInternalsContractTest {

    /**
     * Under exactly-once the test driver's output shows only what a committed transaction holds,
     * so a record that is in the output right after the input that caused it was forwarded by the
     * hook inside that input's commit, before the transaction committed.
     */
    @Test
    void theCommitHookForwardsInsideTheCommitAsTheOwningProcessorInItsRecordsContext() {
        HeldRecords.Builder held = new HeldRecords.Builder("held");
        Topology topology = new Topology();
        topology.addSource("source", new StringDeserializer(), new StringDeserializer(), "in");
        topology.addProcessor(
                "hold",
                () -> new Processor<String, String, String, String>() {
                    private HeldRecords store;

                    @Override
                    public void init(ProcessorContext<String, String> context) {
                        store = context.getStateStore("held");
                        store.forwardTo(CommitTimeForwarding.asThisProcessor(context));
                    }

                    @Override
                    public void process(Record<String, String> record) {
                        store.hold(record);
                    }
                },
                "source");
        topology.addStateStore(held, "hold");
        topology.addSink("sink", "out", new StringSerializer(), new StringSerializer(), "hold");

        try (TopologyTestDriver driver = new TopologyTestDriver(topology, exactlyOnce())) {
            TestInputTopic<String, String> in =
                    driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, String> out =
                    driver.createOutputTopic("out", new StringDeserializer(), new StringDeserializer());
            for (int i = 0; i < 3; i++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("n", new byte[] {(byte) i});
                in.pipeInput(new TestRecord<>("k" + i, "v" + i, headers, 1_000L + i));

                List<TestRecord<String, String>> written = out.readRecordsToList();
                assertThat(written).as("committed with input %d", i).hasSize(1);
                assertThat(written.get(0).key()).isEqualTo("k" + i);
                assertThat(written.get(0).value()).isEqualTo("v" + i);
                assertThat(written.get(0).timestamp()).isEqualTo(1_000L + i);
                assertThat(written.get(0).headers().lastHeader("n").value()).containsExactly((byte) i);
            }
            assertThat(held.store.offsetsSeenAtCommit)
                    .as("each forward runs in its own record's context")
                    .containsExactly(0L, 1L, 2L);
        }
    }

    @Test
    void droppedRecordsCountInKafkaStreamsOwnTaskMetric() {
        Topology topology = new Topology();
        topology.addSource("source", new StringDeserializer(), new StringDeserializer(), "in");
        topology.addProcessor(
                "drop",
                () -> new Processor<String, String, Void, Void>() {
                    private TaskDroppedRecords dropped;

                    @Override
                    public void init(ProcessorContext<Void, Void> context) {
                        dropped = TaskDroppedRecords.of(context);
                    }

                    @Override
                    public void process(Record<String, String> record) {
                        dropped.count(Long.parseLong(record.value()));
                    }
                },
                "source");

        try (TopologyTestDriver driver = new TopologyTestDriver(topology, exactlyOnce())) {
            TestInputTopic<String, String> in =
                    driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
            in.pipeInput("a", "3");
            in.pipeInput("b", "2");
            assertThat(taskMetric(driver.metrics(), "dropped-records-total")).isEqualTo(5.0);
        }
    }

    @Test
    void withoutTheConsistencyVectorTheStoreRestoresThroughThePublicCallbackItself() {
        BatchingStateRestoreCallback restore = records -> {};
        StateRestoreCallback registered = ChangelogPositions.restoring(
                restore, Position.emptyPosition(), new MockProcessorContext<>().getStateStoreContext());
        assertThat(registered).isSameAs(restore);
    }

    @Test
    void withTheConsistencyVectorTheRestoreAlsoMergesThePositionsInTheChangelogHeaders() {
        Properties config = new Properties();
        config.put(StreamsConfig.InternalConfig.IQ_CONSISTENCY_OFFSET_VECTOR_ENABLED, true);
        List<String> restored = new ArrayList<>();
        Position position = Position.emptyPosition();
        StateRestoreCallback registered = ChangelogPositions.restoring(
                records -> records.forEach(
                        kv -> restored.add(text(kv.key) + "=" + (kv.value == null ? null : text(kv.value)))),
                position,
                new MockProcessorContext<>(config).getStateStoreContext());

        ((RecordBatchingStateRestoreCallback) registered)
                .restoreBatch(List.of(
                        changelogRecord(0, "a", "1", Position.emptyPosition().withComponent("in", 0, 7L)),
                        changelogRecord(
                                1,
                                "a",
                                null,
                                Position.emptyPosition()
                                        .withComponent("in", 0, 9L)
                                        .withComponent("in", 1, 4L))));

        assertThat(restored).containsExactly("a=1", "a=null");
        assertThat(position)
                .isEqualTo(Position.emptyPosition().withComponent("in", 0, 9L).withComponent("in", 1, 4L));
    }

    private static Properties exactlyOnce() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "streams-internals-contract");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        return props;
    }

    private static double taskMetric(Map<MetricName, ? extends Metric> metrics, String name) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().name().equals(name)
                        && "0_0".equals(e.getKey().tags().get("task-id")))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no task metric " + name));
    }

    private static ConsumerRecord<byte[], byte[]> changelogRecord(
            long offset, String key, String value, Position position) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ChangelogRecordDeserializationHelper.CHANGELOG_VERSION_HEADER_RECORD_CONSISTENCY);
        headers.add(
                ChangelogRecordDeserializationHelper.CHANGELOG_POSITION_HEADER_KEY,
                PositionSerde.serialize(position).array());
        return new ConsumerRecord<>(
                "store-changelog",
                0,
                offset,
                0L,
                TimestampType.CREATE_TIME,
                0,
                0,
                bytes(key),
                value == null ? null : bytes(value),
                headers,
                Optional.empty());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
