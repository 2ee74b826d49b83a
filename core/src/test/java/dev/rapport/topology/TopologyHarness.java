package dev.rapport.topology;

import dev.rapport.config.RapportConfig;
import dev.rapport.config.StreamsProperties;
import dev.rapport.ingest.ControlRecords;
import dev.rapport.metrics.EngagementMetrics;
import dev.rapport.policy.PolicyOverride;
import dev.rapport.policy.PolicyRecords;
import dev.rapport.schema.AlertStatus;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.BrandPolicy;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.schema.MessageEvent;
import dev.rapport.serde.InMemorySchemaRegistry;
import dev.rapport.stats.StatsKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/** The production topology and production config in a TopologyTestDriver, fed in event time. */
final class TopologyHarness implements AutoCloseable {
    static final Instant WALL_CLOCK = Instant.parse("2026-11-23T12:00:00Z");

    private final TopologyTestDriver driver;
    private final Topics topics;
    private final TestInputTopic<String, byte[]> input;
    private final TestInputTopic<String, byte[]> policies;
    private final TestOutputTopic<String, BrandWindowStats> stats;
    private final TestOutputTopic<String, EngagementAlert> alerts;
    private final TestOutputTopic<String, byte[]> deadLetters;
    private final Map<String, BrandWindowStats> latestStats = new TreeMap<>();
    private final List<EngagementAlert> alertLog = new ArrayList<>();
    private final List<TestRecord<String, byte[]>> deadLetterLog = new ArrayList<>();
    private boolean closed;

    TopologyHarness() {
        this(Duration.ofHours(1), Duration.ofHours(1));
    }

    TopologyHarness(Duration window, Duration sla) {
        this(EngagementSettings.builder()
                .window(window)
                .grace(Duration.ofHours(1))
                .sla(sla)
                .wallClockDeadlines(false)
                .build());
    }

    TopologyHarness(EngagementSettings settings) {
        this(settings, EngagementMetrics.NONE);
    }

    /** With {@code metrics} reported to as a live instance's are; closing the harness closes the tasks. */
    TopologyHarness(EngagementSettings settings, EngagementMetrics metrics) {
        topics = new Topics(new InMemorySchemaRegistry());
        Properties props = StreamsProperties.of(RapportConfig.defaults(), "unused:9092");
        props.put("state.dir", tempDir().toString());
        driver = new TopologyTestDriver(
                EngagementTopology.build(topics, settings, WALL_CLOCK::toEpochMilli, metrics), props, WALL_CLOCK);
        input = driver.createInputTopic(
                Topics.MESSAGES,
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        policies = driver.createInputTopic(
                Topics.BRAND_POLICIES,
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        stats = driver.createOutputTopic(
                Topics.BRAND_STATS,
                Serdes.String().deserializer(),
                topics.brandStats().valueSerde().deserializer());
        alerts = driver.createOutputTopic(
                Topics.ALERTS,
                Serdes.String().deserializer(),
                topics.alerts().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(
                Topics.DEAD_LETTER,
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("rapport-ttd");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TopologyHarness send(MessageEvent... events) {
        for (MessageEvent e : events) {
            input.pipeInput(e.getConversationId(), topics.messageSerde().encode(Topics.MESSAGES, e), e.getOccurredAt());
        }
        return this;
    }

    TopologyHarness sendRaw(String key, byte[] value, long timestamp) {
        input.pipeInput(new TestRecord<>(key, value, null, Instant.ofEpochMilli(timestamp)));
        return this;
    }

    /** Writes {@code brand}'s policy override to {@code rapport.brand-policies}, as {@code rapport policy set} does. */
    TopologyHarness setPolicy(String brand, PolicyOverride override, Instant updatedAt) {
        BrandPolicy record = PolicyRecords.toRecord(brand, override, updatedAt, "test");
        return sendPolicyBytes(
                brand, topics.brandPolicies().valueSerde().serializer().serialize(Topics.BRAND_POLICIES, record));
    }

    /** A record on {@code rapport.brand-policies} as another producer might write it; null is a tombstone. */
    TopologyHarness sendPolicyBytes(String brand, byte[] value) {
        policies.pipeInput(brand, value);
        return this;
    }

    /** Moves event time to {@code timestamp} with no event, as replay does at the end of the input. */
    TopologyHarness watermark(long timestamp) {
        input.pipeInput(
                new TestRecord<>(null, null, ControlRecords.watermarkHeaders(), Instant.ofEpochMilli(timestamp)));
        return this;
    }

    /** Entries in one of the topology's key-value stores now. */
    long storeEntries(String storeName) {
        long n = 0;
        try (var all = driver.getKeyValueStore(storeName).all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }

    /** One of the topology's key-value stores, to read it or to plant entries in it. */
    <K, V> KeyValueStore<K, V> keyValueStore(String storeName) {
        return driver.getKeyValueStore(storeName);
    }

    /** Whether the store keeps its data on disk (RocksDB) rather than on the heap. */
    boolean persistentStore(String storeName) {
        return driver.getKeyValueStore(storeName).persistent();
    }

    /** Kafka Streams' own count of records dropped for arriving after their window's grace. */
    double droppedLateRecords() {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("dropped-records-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }

    /** Every record the topology has written so far to the changelog of {@code storeName}, in order. */
    List<TestRecord<byte[], byte[]>> changelog(String storeName) {
        String topic = RapportConfig.defaults().applicationId() + "-" + storeName + "-changelog";
        return driver.createOutputTopic(
                        topic,
                        Serdes.ByteArray().deserializer(),
                        Serdes.ByteArray().deserializer())
                .readRecordsToList();
    }

    byte[] encode(MessageEvent event) {
        return topics.messageSerde().encode(Topics.MESSAGES, event);
    }

    /** The latest value per stats key: what a compacted topic would hold. */
    Map<String, BrandWindowStats> stats() {
        stats.readKeyValuesToList().forEach(kv -> latestStats.put(kv.key, kv.value));
        return latestStats;
    }

    /** {@link #stats()} as replay writes it, one JSON line per key: what tests compare real runs with. */
    Map<String, String> statsLines() {
        Map<String, String> lines = new TreeMap<>();
        stats().forEach((key, value) -> lines.put(key, OutputJson.line(OutputJson.stats(value))));
        return lines;
    }

    BrandWindowStats window(String brand, long windowStart) {
        return stats().get(StatsKey.of(brand, windowStart));
    }

    List<EngagementAlert> alerts() {
        alertLog.addAll(alerts.readValuesToList());
        return alertLog;
    }

    List<EngagementAlert> alerts(AlertType type) {
        return alerts().stream().filter(a -> a.getType() == type).toList();
    }

    /** The SLA_BREACH FIRING records: one per breached wait. */
    List<EngagementAlert> breaches() {
        return alerts(AlertType.SLA_BREACH).stream()
                .filter(a -> a.getStatus() == AlertStatus.FIRING)
                .toList();
    }

    List<TestRecord<String, byte[]>> deadLetters() {
        deadLetterLog.addAll(deadLetters.readRecordsToList());
        return deadLetterLog;
    }

    /** Closes the driver and with it the tasks; a second call does nothing. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            driver.close();
        }
    }
}
