package dev.rapport.testing;

import dev.rapport.config.RapportConfig;
import dev.rapport.config.StreamsProperties;
import dev.rapport.files.StateDirectories;
import dev.rapport.importer.CaptureImporter;
import dev.rapport.importer.ImportResult;
import dev.rapport.importer.ImportSummary;
import dev.rapport.ingest.ControlRecords;
import dev.rapport.policy.PolicyOverride;
import dev.rapport.policy.PolicyRecords;
import dev.rapport.schema.BrandPolicy;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.schema.MessageEvent;
import dev.rapport.serde.InMemorySchemaRegistry;
import dev.rapport.stats.StatsKey;
import dev.rapport.topology.EngagementSettings;
import dev.rapport.topology.EngagementTopology;
import dev.rapport.topology.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Rapport's production topology and Kafka Streams config in a {@link TopologyTestDriver}, for unit tests with
 * your own data: pipe events or a capture file, advance the watermark, read the final stats and the alerts.
 * No broker, no registry (an in-memory one), deterministic.
 *
 * <p>Like replay, the driver judges SLAs in event time ({@code sla.clock=event}): an open wait breaches when the
 * event time of its partition, which {@link #advanceWatermark(Instant)} moves, passes its deadline. The wall
 * clock only serves the {@code max.future.skew} check; it is fixed when the driver is created.
 */
public final class RapportTestDriver implements AutoCloseable {
    private final TopologyTestDriver driver;
    private final Topics topics = new Topics(new InMemorySchemaRegistry());
    private final TestInputTopic<String, byte[]> input;
    private final TestInputTopic<String, BrandPolicy> policies;
    private final TestOutputTopic<String, BrandWindowStats> statsTopic;
    private final TestOutputTopic<String, EngagementAlert> alertsTopic;
    private final TestOutputTopic<String, byte[]> deadLetterTopic;
    private final Map<String, BrandWindowStats> latestStats = new HashMap<>();
    private final List<EngagementAlert> alerts = new ArrayList<>();
    private final List<TestRecord<String, byte[]>> deadLetters = new ArrayList<>();
    private final Path stateDir;
    private long lastEventTime = Long.MIN_VALUE;
    private final long driverWallClock;

    /** Default settings (1h windows and SLA), the wall clock at now. */
    public RapportTestDriver() {
        this(RapportConfig.defaults());
    }

    /** With settings, e.g. {@code RapportConfig.defaults().with(Map.of("window", "15m", "sla", "30m"))}. */
    public RapportTestDriver(RapportConfig config) {
        this(config, Instant.now());
    }

    public RapportTestDriver(RapportConfig config, Instant wallClock) {
        RapportConfig eventTime = config.with(Map.of("sla.clock", "event"));
        stateDir = StateDirectories.create("rapport-test-driver");
        Properties props = StreamsProperties.of(eventTime, "test-driver:9092");
        props.put("state.dir", stateDir.toString());
        long wallClockMillis = wallClock.toEpochMilli();
        driverWallClock = wallClockMillis;
        driver = new TopologyTestDriver(
                EngagementTopology.build(topics, EngagementSettings.from(eventTime), () -> wallClockMillis),
                props,
                wallClock);
        input = driver.createInputTopic(
                Topics.MESSAGES,
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        policies = driver.createInputTopic(
                Topics.BRAND_POLICIES,
                Serdes.String().serializer(),
                topics.brandPolicies().valueSerde().serializer());
        statsTopic = driver.createOutputTopic(
                Topics.BRAND_STATS,
                Serdes.String().deserializer(),
                topics.brandStats().valueSerde().deserializer());
        alertsTopic = driver.createOutputTopic(
                Topics.ALERTS,
                Serdes.String().deserializer(),
                topics.alerts().valueSerde().deserializer());
        deadLetterTopic = driver.createOutputTopic(
                Topics.DEAD_LETTER,
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    /** Pipes events in the given order, as a producer would: key = conversationId, timestamp = occurredAt. */
    public RapportTestDriver pipe(List<MessageEvent> events) {
        for (MessageEvent event : events) {
            input.pipeInput(
                    event.getConversationId(),
                    topics.messageSerde().encode(Topics.MESSAGES, event),
                    event.getOccurredAt());
            lastEventTime = Math.max(lastEventTime, event.getOccurredAt().toEpochMilli());
        }
        return this;
    }

    public RapportTestDriver pipe(MessageEvent... events) {
        return pipe(List.of(events));
    }

    /**
     * Pipes the message events of a capture file ({@code rapport capture}) in occurredAt order, as replay does;
     * lines that are not message events are skipped and counted in the returned summary.
     */
    public ImportSummary pipeCapture(Path capture) throws IOException {
        ImportResult imported = new CaptureImporter().importFrom(capture);
        List<MessageEvent> events = new ArrayList<>(imported.events());
        events.sort(Comparator.comparing(MessageEvent::getOccurredAt));
        pipe(events);
        return imported.summary();
    }

    /**
     * Sets {@code brandId}'s policy override, as {@code rapport policy set} does: it applies to what is
     * piped after it (waits keep the policy they opened under); null returns the brand to the default.
     */
    public RapportTestDriver setBrandPolicy(String brandId, PolicyOverride override) {
        policies.pipeInput(
                brandId,
                override == null
                        ? null
                        : PolicyRecords.toRecord(
                                brandId, override, Instant.ofEpochMilli(driverWallClock), "RapportTestDriver"));
        return this;
    }

    /** Moves event time to {@code eventTime} without an event, so open waits up to it are judged. */
    public RapportTestDriver advanceWatermark(Instant eventTime) {
        input.pipeInput(new TestRecord<>(null, null, ControlRecords.watermarkHeaders(), eventTime));
        return this;
    }

    /** As replay does at the end of its input: event time up to the latest occurredAt piped so far. */
    public RapportTestDriver advanceWatermarkToLastEvent() {
        if (lastEventTime == Long.MIN_VALUE) {
            throw new IllegalStateException("no event piped yet");
        }
        return advanceWatermark(Instant.ofEpochMilli(lastEventTime));
    }

    /** The latest value of the (brand, window) starting at {@code windowStart}: what the compacted topic keeps. */
    public Optional<BrandWindowStats> stats(String brandId, Instant windowStart) {
        drain();
        return Optional.ofNullable(latestStats.get(StatsKey.of(brandId, windowStart.toEpochMilli())));
    }

    /** The latest value of every (brand, window), by brand, then window start. */
    public List<BrandWindowStats> allStats() {
        drain();
        return latestStats.values().stream()
                .sorted(Comparator.comparing(BrandWindowStats::getBrandId)
                        .thenComparing(BrandWindowStats::getWindowStart))
                .toList();
    }

    /** Every alert so far, in the order they were emitted. */
    public List<EngagementAlert> alerts() {
        drain();
        return List.copyOf(alerts);
    }

    /** Records Rapport refused (original bytes; the reason in header {@code rapport.dlq.reason}). */
    public List<TestRecord<String, byte[]>> deadLetters() {
        drain();
        return List.copyOf(deadLetters);
    }

    private void drain() {
        statsTopic.readKeyValuesToList().forEach(kv -> latestStats.put(kv.key, kv.value));
        alerts.addAll(alertsTopic.readValuesToList());
        deadLetters.addAll(deadLetterTopic.readRecordsToList());
    }

    @Override
    public void close() {
        driver.close();
        StateDirectories.delete(stateDir);
    }
}
