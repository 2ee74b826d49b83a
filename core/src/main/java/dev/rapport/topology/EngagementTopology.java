package dev.rapport.topology;

import dev.rapport.alert.BrandAlertProcessor;
import dev.rapport.alert.BrandAlertStateSerde;
import dev.rapport.conversation.ConversationOutput;
import dev.rapport.conversation.ConversationProcessor;
import dev.rapport.conversation.ConversationStateSerde;
import dev.rapport.conversation.DeadlineIndexStore;
import dev.rapport.conversation.ExpiryIndexStore;
import dev.rapport.ingest.EventContract;
import dev.rapport.ingest.IngestProcessor;
import dev.rapport.ingest.Ingested;
import dev.rapport.metrics.EngagementMetrics;
import dev.rapport.policy.PolicySource;
import dev.rapport.schema.MessageEvent;
import dev.rapport.serde.ConfluentAvroSerde;
import dev.rapport.state.HashKeyValueStore;
import dev.rapport.stats.BrandDeltaCombiner;
import dev.rapport.stats.BrandDeltaSumSerde;
import dev.rapport.stats.BrandStatsRecords;
import dev.rapport.stats.BrandWindowAccumulator;
import dev.rapport.stats.BrandWindowAggregator;
import dev.rapport.stats.BrandWindowStoreBuilder;
import dev.rapport.stats.PendingBrandDeltasBuilder;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the engagement topology:
 *
 * <pre>
 * rapport.messages  (key: conversationId)
 *   │
 *   ingest ─────────────────── records that break the contract ──────────▶ rapport.dead-letter
 *   │
 *   track-conversations   [conversation-state, sla-deadlines*, reorder-buffer, conversation-expiry*]
 *   ├─ wait alerts (SLA_WARNING, SLA_BREACH) ────────────────────────────▶ rapport.alerts
 *   └─ brand deltas
 *        │
 *        combine-brand-deltas   [pending-brand-deltas*]
 *        │
 *    ════ repartition by brand: brand-deltas ════
 *        │
 *        aggregate-brand-windows   [brand-window-stats]
 *        ├─ brand-stats-records ─────────────────────────────────────────▶ rapport.brand-stats
 *        └─ evaluate-brand-alerts   [brand-alert-state] ─────────────────▶ rapport.alerts
 *
 * rapport.brand-policies ─▶ global table [brand-policies], read by track-conversations,
 *                           evaluate-brand-alerts and brand-stats-records
 * [store]   * = in memory, without a changelog
 * </pre>
 *
 * <p>Stores marked * are in memory without a changelog: the indexes of conversation-state are
 * rebuilt from it whenever the processor starts, and pending-brand-deltas is empty after every
 * commit.
 *
 * <p>The processors that apply a brand's policy (SLA terms, business hours, alert thresholds,
 * stats) read it from the global table {@code brand-policies} over {@code rapport.brand-policies}:
 * every instance holds all policies, so a change applies without a restart or repartition.
 *
 * Every processor, store and internal topic is named here: the names are the upgrade contract
 * (changing one orphans its state), and the application enforces that none is generated.
 */
public final class EngagementTopology {
    public static final String CONVERSATION_STORE = "conversation-state";
    public static final String DEADLINE_STORE = "sla-deadlines";
    public static final String REORDER_STORE = "reorder-buffer";
    public static final String EXPIRY_STORE = "conversation-expiry";
    public static final String WINDOW_STORE = "brand-window-stats";
    public static final String DELTA_REPARTITION = "brand-deltas";
    public static final String PENDING_DELTAS_STORE = "pending-brand-deltas";
    public static final String BRAND_ALERT_STORE = "brand-alert-state";
    public static final String POLICY_STORE = "brand-policies";

    private EngagementTopology() {}

    /** The internal topic that carries brand deltas from conversation tasks to brand tasks. */
    public static String repartitionTopic(String applicationId) {
        return applicationId + "-" + DELTA_REPARTITION + "-repartition";
    }

    public static Topology build(Topics topics, EngagementSettings settings, LongSupplier wallClock) {
        return build(topics, settings, wallClock, EngagementMetrics.NONE);
    }

    public static Topology build(
            Topics topics, EngagementSettings settings, LongSupplier wallClock, EngagementMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        // On the heap (the default) it saves a RocksDB read and write per event, for heap per
        // conversation and a restore from the changelog whenever a task starts; RocksDB stays the
        // choice for more conversations per conversation.ttl than the heap holds. A hash map, not
        // Kafka's sorted in-memory store: events only look conversations up by id, and the tree
        // search behind a lock took 23.5% of the stream threads' CPU.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                settings.conversationsInMemory()
                        ? HashKeyValueStore.supplier(CONVERSATION_STORE)
                        : Stores.persistentKeyValueStore(CONVERSATION_STORE),
                Serdes.String(),
                new ConversationStateSerde()));
        // The deadline and expiry indexes are derived from conversation-state and rebuilt from it
        // whenever the processor starts, so they need neither a changelog (that was about one
        // changelog record per event of the ~3 the topology wrote) nor disk: in RocksDB their
        // per-event writes, deletes and range scans held throughput at 43,930 against 59,542
        // records/s in memory. Beside conversations on the heap they are primitive queues of a time
        // and a slot of the conversations' store (12 bytes an entry, where Kafka's sorted
        // in-memory store spent about 112 per conversation and 136 per open wait on copies of the
        // ids); beside RocksDB, which has no slots, they stay Kafka's in-memory stores.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        settings.conversationsInMemory()
                                ? DeadlineIndexStore.supplier(DEADLINE_STORE)
                                : Stores.inMemoryKeyValueStore(DEADLINE_STORE),
                        Serdes.Bytes(),
                        Serdes.ByteArray())
                .withLoggingDisabled());
        // Declared even when the reorder window is zero, so the topology's shape (and its
        // upgrade contract) does not depend on a setting. Logged: held events exist nowhere else.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(REORDER_STORE), Serdes.Bytes(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        settings.conversationsInMemory()
                                ? ExpiryIndexStore.supplier(EXPIRY_STORE)
                                : Stores.inMemoryKeyValueStore(EXPIRY_STORE),
                        Serdes.Bytes(),
                        Serdes.ByteArray())
                .withLoggingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(BRAND_ALERT_STORE), Serdes.String(), new BrandAlertStateSerde()));

        // Policies are small and read on every event: held in memory, rebuilt from the compacted topic on start.
        // Not cached: a global table has nothing downstream for a cache to spare, and a cache adds
        // its lock and lookup to every event's read.
        builder.globalTable(
                topics.brandPolicies().name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("brand-policies-source"),
                Materialized.<String, byte[]>as(Stores.inMemoryKeyValueStore(POLICY_STORE))
                        .withKeySerde(Serdes.String())
                        .withValueSerde(Serdes.ByteArray())
                        .withCachingDisabled());
        PolicySource policies = new GlobalPolicyTable(
                POLICY_STORE,
                topics.brandPolicies().name(),
                topics.brandPolicies().valueSerde().deserializer(),
                settings.defaultPolicy());

        ConfluentAvroSerde<MessageEvent> ingestSerde = topics.messageSerde();
        EventContract contract = new EventContract(settings.maxFutureSkew());
        Map<String, KStream<String, Ingested>> ingested = builder.stream(
                        topics.messages().name(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("messages-source"))
                .process(() -> new IngestProcessor(ingestSerde, contract, wallClock, metrics), Named.as("ingest"))
                .split(Named.as("ingest-"))
                .branch((key, value) -> value instanceof Ingested.DeadLetter, Branched.as("dead-letter"))
                .defaultBranch(Branched.as("accepted"));

        ingested.get("ingest-dead-letter")
                .mapValues(value -> ((Ingested.DeadLetter) value).original(), Named.as("dead-letter-bytes"))
                .to(
                        topics.deadLetter().name(),
                        Produced.with(
                                        topics.deadLetter().keySerde(),
                                        topics.deadLetter().valueSerde())
                                .withName("dead-letter-sink"));

        Map<String, KStream<String, ConversationOutput>> outputs = ingested.get("ingest-accepted")
                .process(
                        () -> new ConversationProcessor(
                                CONVERSATION_STORE,
                                DEADLINE_STORE,
                                REORDER_STORE,
                                EXPIRY_STORE,
                                settings.conversationTtl(),
                                settings.reorderWindow(),
                                policies,
                                settings.wallClockDeadlines(),
                                wallClock,
                                metrics),
                        Named.as("track-conversations"),
                        CONVERSATION_STORE,
                        DEADLINE_STORE,
                        REORDER_STORE,
                        EXPIRY_STORE)
                .split(Named.as("conversation-output-"))
                .branch((key, value) -> value instanceof ConversationOutput.Alert, Branched.as("alert"))
                .defaultBranch(Branched.as("update"));

        outputs.get("conversation-output-alert")
                .mapValues(value -> ((ConversationOutput.Alert) value).alert(), Named.as("alert-values"))
                .to(
                        topics.alerts().name(),
                        Produced.with(
                                        topics.alerts().keySerde(),
                                        topics.alerts().valueSerde())
                                .withName("alerts-sink"));

        builder.addStateStore(new PendingBrandDeltasBuilder(PENDING_DELTAS_STORE, settings.window()));
        builder.addStateStore(windowStore(settings));
        KStream<Windowed<String>, BrandWindowAccumulator> windowUpdates = outputs.get("conversation-output-update")
                .mapValues(value -> ((ConversationOutput.Update) value).delta(), Named.as("brand-delta-values"))
                // One repartition record per (brand, window), task and commit instead of one per event:
                // internal records per event 2.02 -> 1.07, the brand tasks' share of the stream threads
                // 3.0% -> 0.4%. The sums are sent in the commit's transaction, so nothing is lost or doubled.
                .process(
                        () -> new BrandDeltaCombiner(PENDING_DELTAS_STORE),
                        Named.as("combine-brand-deltas"),
                        PENDING_DELTAS_STORE)
                .repartition(Repartitioned.with(Serdes.String(), new BrandDeltaSumSerde())
                        .withName(DELTA_REPARTITION))
                .process(
                        () -> new BrandWindowAggregator(
                                WINDOW_STORE, TimeWindows.ofSizeAndGrace(settings.window(), settings.grace())),
                        Named.as("aggregate-brand-windows"),
                        WINDOW_STORE);

        windowUpdates
                .process(
                        () -> new BrandAlertProcessor(
                                BRAND_ALERT_STORE,
                                WINDOW_STORE,
                                settings.window(),
                                settings.grace(),
                                policies,
                                wallClock,
                                metrics),
                        Named.as("evaluate-brand-alerts"),
                        BRAND_ALERT_STORE,
                        WINDOW_STORE)
                .to(
                        topics.alerts().name(),
                        Produced.with(
                                        topics.alerts().keySerde(),
                                        topics.alerts().valueSerde())
                                .withName("brand-alerts-sink"));

        windowUpdates
                .process(
                        () -> new BrandStatsRecords(policies, metrics, WINDOW_STORE),
                        Named.as("brand-stats-records"),
                        WINDOW_STORE)
                .to(
                        topics.brandStats().name(),
                        Produced.with(
                                        topics.brandStats().keySerde(),
                                        topics.brandStats().valueSerde())
                                .withName("brand-stats-sink"));

        return builder.build();
    }

    /** Named, laid out and logged as the DSL's windowed aggregate did: the store and its changelog carry over. */
    private static BrandWindowStoreBuilder windowStore(EngagementSettings settings) {
        String retention = settings.changelogRetention()
                .map(d -> Long.toString(d.toMillis()))
                .orElse("-1");
        return new BrandWindowStoreBuilder(WINDOW_STORE, settings.window(), settings.grace())
                .withLoggingEnabled(Map.of(TopicConfig.RETENTION_MS_CONFIG, retention));
    }
}
