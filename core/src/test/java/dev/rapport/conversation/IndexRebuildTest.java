package dev.rapport.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.ingest.Ingested;
import dev.rapport.metrics.EngagementMetrics;
import dev.rapport.policy.AlertThresholds;
import dev.rapport.policy.Policy;
import dev.rapport.schema.Direction;
import dev.rapport.schema.MessageEvent;
import dev.rapport.schema.Platform;
import dev.rapport.state.HashKeyValueStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SLA deadline and expiry indexes have no changelog: a processor that starts on restored
 * conversations and empty indexes (a crash wiped them, or the task ran on another instance) must
 * rebuild them, so warnings, breaches and expiries still fire. SLA 30 min (warning at 24), TTL 1 h.
 */
class IndexRebuildTest {
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Policy POLICY = new Policy(
            Duration.ofMinutes(30),
            Duration.ofHours(24),
            AlertThresholds.defaults(),
            Optional.empty(),
            Policy.DEFAULT_REVISION);

    private KeyValueStore<String, ConversationState> conversations =
            conversationStore(Stores.inMemoryKeyValueStore("conversation-state"));

    /**
     * Both kinds of store: Kafka's sorted one with byte-keyed indexes, and the heap store, whose
     * indexes refer to its slots and are rebuilt in one pass over them.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aProcessorStartingOnRestoredConversationsAndEmptyIndexesStillFiresEveryDeadlineAndExpiry(boolean heap) {
        if (heap) {
            conversations = conversationStore(HashKeyValueStore.supplier("conversation-state"));
        }
        MockProcessorContext<String, ConversationOutput> before = new MockProcessorContext<>();
        ConversationProcessor first = started(before, heap);
        first.process(event("c2", "q2", 0));
        first.process(event("c1", "q1", 10));
        first.process(watermark(25));
        assertThat(alerts(before)).containsExactly("SLA_WARNING FIRING c2");

        MockProcessorContext<String, ConversationOutput> after = new MockProcessorContext<>();
        ConversationProcessor second = started(after, heap);
        second.process(watermark(31));
        assertThat(alerts(after))
                .as("c2's breach, its warning having fired before the restart")
                .containsExactly("SLA_BREACH FIRING c2", "SLA_WARNING RESOLVED c2");
        after.resetForwards();
        second.process(watermark(35));
        assertThat(alerts(after)).containsExactly("SLA_WARNING FIRING c1");
        after.resetForwards();
        second.process(watermark(41));
        assertThat(alerts(after)).containsExactly("SLA_BREACH FIRING c1", "SLA_WARNING RESOLVED c1");
        after.resetForwards();

        second.process(watermark(10 + 61));
        assertThat(after.forwarded())
                .as("both idle for an hour: their open waits counted as abandoned")
                .extracting(f -> f.record().value())
                .filteredOn(v ->
                        v instanceof ConversationOutput.Update u && u.delta().abandonedWaits() == 1)
                .hasSize(2);
        assertThat(conversations.approximateNumEntries()).isZero();
    }

    @Test
    void entriesTheIndexAlreadyHoldsAreNotDuplicated() {
        MockProcessorContext<String, ConversationOutput> context = new MockProcessorContext<>();
        KeyValueStore<Bytes, byte[]> deadlines = indexStore("sla-deadlines", context);
        KeyValueStore<Bytes, byte[]> expiries = indexStore("conversation-expiry", context);
        started(context, deadlines, expiries).process(event("c1", "q1", 0));

        ConversationProcessor restarted = started(context, deadlines, expiries);
        assertThat(deadlines.approximateNumEntries()).isEqualTo(1);
        assertThat(expiries.approximateNumEntries()).isEqualTo(1);
        restarted.process(watermark(31));
        assertThat(alerts(context))
                .as("one warning and one breach, not two of each")
                .containsExactly("SLA_WARNING FIRING c1", "SLA_BREACH FIRING c1", "SLA_WARNING RESOLVED c1");
    }

    private static KeyValueStore<String, ConversationState> conversationStore(KeyValueBytesStoreSupplier supplier) {
        return Stores.keyValueStoreBuilder(supplier, Serdes.String(), new ConversationStateSerde())
                .withLoggingDisabled()
                .build();
    }

    private ConversationProcessor started(MockProcessorContext<String, ConversationOutput> context, boolean heap) {
        return heap
                ? started(
                        context,
                        indexStore(DeadlineIndexStore.supplier("sla-deadlines"), context),
                        indexStore(ExpiryIndexStore.supplier("conversation-expiry"), context))
                : started(context, indexStore("sla-deadlines", context), indexStore("conversation-expiry", context));
    }

    private ConversationProcessor started(
            MockProcessorContext<String, ConversationOutput> context,
            KeyValueStore<Bytes, byte[]> deadlines,
            KeyValueStore<Bytes, byte[]> expiries) {
        if (!conversations.isOpen()) {
            conversations.init(context.getStateStoreContext(), conversations);
        }
        context.addStateStore(conversations);
        context.addStateStore(deadlines);
        context.addStateStore(expiries);
        ConversationProcessor processor = new ConversationProcessor(
                "conversation-state",
                "sla-deadlines",
                "reorder-buffer",
                "conversation-expiry",
                Duration.ofHours(1),
                Duration.ZERO,
                ignored -> brand -> POLICY,
                false,
                T0::toEpochMilli,
                EngagementMetrics.NONE);
        processor.init(context);
        return processor;
    }

    private static KeyValueStore<Bytes, byte[]> indexStore(
            String name, MockProcessorContext<String, ConversationOutput> context) {
        return indexStore(Stores.inMemoryKeyValueStore(name), context);
    }

    private static KeyValueStore<Bytes, byte[]> indexStore(
            KeyValueBytesStoreSupplier supplier, MockProcessorContext<String, ConversationOutput> context) {
        KeyValueStore<Bytes, byte[]> store = Stores.keyValueStoreBuilder(supplier, Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    private static List<String> alerts(MockProcessorContext<String, ConversationOutput> context) {
        return context.forwarded().stream()
                .map(f -> f.record().value())
                .filter(v -> v instanceof ConversationOutput.Alert)
                .map(v -> ((ConversationOutput.Alert) v).alert())
                .map(a -> a.getType() + " " + a.getStatus() + " " + a.getConversationId())
                .toList();
    }

    private static Record<String, Ingested> event(String conversation, String id, int minute) {
        Instant at = T0.plus(Duration.ofMinutes(minute));
        MessageEvent event = MessageEvent.newBuilder()
                .setEventId(id)
                .setPlatform(Platform.WHATSAPP)
                .setBrandId("brand")
                .setConversationId(conversation)
                .setDirection(Direction.INBOUND)
                .setAuthorId("customer-" + conversation)
                .setInReplyTo(null)
                .setOccurredAt(at)
                .build();
        return new Record<>(conversation, new Ingested.Event(event), at.toEpochMilli());
    }

    private static Record<String, Ingested> watermark(int minute) {
        return new Record<>(
                null,
                new Ingested.Watermark(),
                T0.plus(Duration.ofMinutes(minute)).toEpochMilli());
    }
}
