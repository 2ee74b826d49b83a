package dev.rapport.benchmarks;

import dev.rapport.bench.OpenConversations;
import dev.rapport.config.RapportConfig;
import dev.rapport.config.StreamsProperties;
import dev.rapport.registry.SchemaRegistries;
import dev.rapport.state.HashKeyValueStore;
import dev.rapport.streamsinternals.StoreLayers;
import dev.rapport.topology.EngagementSettings;
import dev.rapport.topology.EngagementTopology;
import dev.rapport.topology.Topics;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Heap per stored conversation with its indexes, as the topology holds them: the production
 * topology in a {@link TopologyTestDriver} (one task) processes the state-at-scale phase's input
 * (one customer message per conversation, 24-byte ids, one open wait each: {@code bench
 * --conversations}), and the heap after a full GC before and after, over the conversations, is
 * the figure; {@link IndexHeapFootprint}'s method applied to {@code conversation-state} and its
 * two indexes together. It then copies the conversations' bytes into a fresh
 * {@link HashKeyValueStore} and measures that alone, so the rest is the indexes (and the few
 * bytes the driver keeps). Not a JMH benchmark: a footprint, measured once.
 *
 * <pre>java -Xmx4g -cp benchmarks/target/benchmarks.jar dev.rapport.benchmarks.ConversationHeapFootprint 1000000</pre>
 */
public final class ConversationHeapFootprint {
    private static final Instant WALL_CLOCK = Instant.parse("2026-11-23T12:00:00Z");
    private static final int WARM_UP = 10_000;
    private static final int DRAIN_EVERY = 10_000;

    private ConversationHeapFootprint() {}

    public static void main(String[] args) throws Exception {
        int conversations = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        RapportConfig config = RapportConfig.defaults()
                .with(Map.of(
                        "sla.clock",
                        "event",
                        "conversation.store",
                        "memory",
                        "schema.registry.url",
                        "mock://heap-footprint"));
        Topics topics = new Topics(SchemaRegistries.forUrl(config.schemaRegistryUrl()));
        Properties props = StreamsProperties.of(config, "unused:9092");
        props.put("state.dir", Files.createTempDirectory("heap-footprint").toString());
        long span = OpenConversations.SPAN.toMillis();
        long start = WALL_CLOCK.toEpochMilli() - span;
        int total = WARM_UP + conversations;
        try (TopologyTestDriver driver = new TopologyTestDriver(
                EngagementTopology.build(topics, EngagementSettings.from(config), WALL_CLOCK::toEpochMilli),
                props,
                WALL_CLOCK)) {
            TestInputTopic<String, byte[]> input = driver.createInputTopic(
                    Topics.MESSAGES,
                    Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            var serializer = topics.messageSerde().serializer();
            long before = 0;
            for (int i = 0; i < total; i++) {
                if (i == WARM_UP) {
                    drain(driver);
                    before = heapAfterGc();
                }
                var event = OpenConversations.event(i, Instant.ofEpochMilli(start + span * i / total));
                input.pipeInput(
                        event.getConversationId(),
                        serializer.serialize(Topics.MESSAGES, event),
                        event.getOccurredAt().toEpochMilli());
                if (i % DRAIN_EVERY == 0) {
                    drain(driver);
                }
            }
            drain(driver);
            long after = heapAfterGc();
            HashKeyValueStore stored = StoreLayers.innermost(
                            driver.getKeyValueStore(EngagementTopology.CONVERSATION_STORE), HashKeyValueStore.class)
                    .orElseThrow();
            if (stored.approximateNumEntries() != total) {
                throw new IllegalStateException(
                        "expected " + total + " conversations, got " + stored.approximateNumEntries());
            }
            double perConversation = (after - before) / (double) conversations;

            long serialized = 0;
            long beforeCopy = heapAfterGc();
            KeyValueStore<Bytes, byte[]> copy =
                    HashKeyValueStore.supplier("copy").get();
            copy.init(new MockProcessorContext<>().getStateStoreContext(), copy);
            try (KeyValueIterator<Bytes, byte[]> all = stored.all()) {
                while (all.hasNext()) {
                    KeyValue<Bytes, byte[]> entry = all.next();
                    serialized += entry.key.get().length + entry.value.length;
                    copy.put(entry.key, entry.value);
                }
            }
            double storeAlone = (heapAfterGc() - beforeCopy) / (double) total;
            System.out.printf(
                    "%,d conversations, %.1f serialized bytes each (key + value)%n"
                            + "heap per conversation, store and indexes: %.1f bytes%n"
                            + "of which the store (HashKeyValueStore alone): %.1f bytes; the indexes and the rest: %.1f%n",
                    conversations,
                    serialized / (double) total,
                    perConversation,
                    storeAlone,
                    perConversation - storeAlone);
            if (copy.approximateNumEntries() != total) {
                throw new IllegalStateException("the copy holds " + copy.approximateNumEntries());
            }
        }
    }

    /** The driver keeps every record written to a topic (changelogs too) until it is read. */
    private static void drain(TopologyTestDriver driver) {
        for (String topic : driver.producedTopicNames()) {
            driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                    .readRecordsToList();
        }
    }

    private static long heapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
