package dev.rapport.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.conversation.ConversationState.Wait;
import dev.rapport.policy.SlaTerms;
import dev.rapport.schema.Platform;
import dev.rapport.state.HashKeyValueStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The indexes over the heap store's slots hand over what the byte-keyed indexes over Kafka's
 * in-memory store hand over, in the same order, when both are driven as the processor drives them
 * (the store written before the index, an entry removed only when its wait ends or moves on):
 * random waits opening, answered, reopened with the same deadline, their steps falling due,
 * conversations evicted, and enough of them that the table rehashes several times.
 */
class SlotIndexesTest {
    private static final String[] CUSTOMERS = {"u1", "u22", "u3", "u"};

    /** Conversations in one store, the deadline and expiry indexes beside them, and what they reported. */
    private static final class World {
        final HashKeyValueStore conversations =
                opened(HashKeyValueStore.supplier("conversations").get());
        final SlaDeadlineIndex deadlines;
        final ConversationExpiry expiry;
        final List<String> reported = new ArrayList<>();

        World(boolean slots) {
            if (slots) {
                deadlines = SlotIndexesTest.<DeadlineIndexStore>opened(
                                DeadlineIndexStore.supplier("sla-deadlines").get())
                        .attach(conversations);
                expiry = SlotIndexesTest.<ExpiryIndexStore>opened(
                                ExpiryIndexStore.supplier("conversation-expiry").get())
                        .attach(conversations);
                conversations.relocateTo(newSlot -> {
                    deadlines.relocate(newSlot);
                    expiry.relocate(newSlot);
                });
            } else {
                deadlines = SlaDeadlineIndex.inStore(
                        opened(Stores.inMemoryKeyValueStore("d").get()));
                expiry = ConversationExpiry.inStore(
                        opened(Stores.inMemoryKeyValueStore("e").get()));
            }
        }

        ConversationState get(String id) {
            byte[] value = conversations.get(key(id));
            return value == null ? null : ConversationStateSerde.decode(value);
        }

        void put(String id, ConversationState state) {
            conversations.put(key(id), ConversationStateSerde.encode(state));
        }

        /** As the processor's reportOverdue: the conversation, not the index, decides what is due. */
        SlaDeadlineIndex.Due step(SlaDeadlineIndex.Due due) {
            reported.add("due " + due);
            ConversationState state = get(due.conversationId());
            Wait wait = state == null ? null : state.openWaits.get(due.customerId());
            if (wait == null || due.kind().at(wait.terms()) != due.deadline()) {
                return null;
            }
            Wait next = switch (due.kind()) {
                case WARNING -> wait.withWarningReported();
                case BREACH -> wait.withBreachReported();
                case HORIZON -> wait.withHorizonPassed();
            };
            state.openWaits.put(due.customerId(), next);
            put(due.conversationId(), state);
            return switch (due.kind()) {
                case WARNING ->
                    due.then(SlaDeadlineIndex.Kind.BREACH, wait.terms().deadlineAt());
                case BREACH ->
                    due.then(SlaDeadlineIndex.Kind.HORIZON, wait.terms().horizonAt());
                case HORIZON -> null;
            };
        }

        void removePending(String id, String customer, Wait wait) {
            SlaDeadlineIndex.Kind pending = SlaDeadlineIndex.Kind.pendingOf(wait);
            if (pending != null) {
                deadlines.remove(pending.at(wait.terms()), id, customer);
            }
        }
    }

    @Test
    void theSlotIndexesReportWhatTheByteKeyedIndexesReportInTheSameOrder() {
        World reference = new World(false);
        World slots = new World(true);
        Random random = new Random(29);
        long now = 1_000_000;
        int checked = 0;
        for (int round = 0; round < 30_000; round++) {
            // Ids of several lengths: the deadline index orders equal deadlines by id length first.
            String id = "c" + random.nextInt(round < 10_000 ? 3_000 : 300);
            String customer = CUSTOMERS[random.nextInt(CUSTOMERS.length)];
            // Coarse times, so entries share deadlines and a reopened wait can repeat its key.
            long opensAt = now + 10L * random.nextInt(30);
            SlaTerms terms = new SlaTerms(300, 200, 600, opensAt + 200, opensAt + 300, opensAt + 600, false);
            int action = random.nextInt(10);
            long checkAt = now + 10L * random.nextInt(100);
            for (World world : List.of(reference, slots)) {
                ConversationState state = world.get(id);
                if (action < 6) {
                    boolean created = state == null;
                    if (created) {
                        state = new ConversationState(
                                "brand", 0, now, new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashSet<>());
                    }
                    Wait closed = state.openWaits.remove(customer);
                    Wait opened = new Wait(opensAt, "e" + round, Platform.values()[0], false, false, false, terms);
                    state.openWaits.put(customer, opened);
                    world.put(id, state);
                    if (created) {
                        world.expiry.schedule(id, checkAt);
                    }
                    if (closed != null) {
                        world.removePending(id, customer, closed);
                    }
                    world.deadlines.add(terms.warningAt(), id, customer, SlaDeadlineIndex.Kind.WARNING);
                } else if (action < 9 && state != null && state.openWaits.containsKey(customer)) {
                    Wait answered = state.openWaits.remove(customer);
                    world.put(id, state);
                    world.removePending(id, customer, answered);
                }
            }
            // Same random choices for both worlds from here on.
            long seed = random.nextLong();
            now += 10L * random.nextInt(3);
            long drainTo = now;
            for (World world : List.of(reference, slots)) {
                Random expiries = new Random(seed);
                world.deadlines.drainBefore(drainTo, world::step);
                world.expiry.expireBefore(drainTo, (conversationId, expiredAt) -> {
                    world.reported.add("expired " + conversationId + " at " + expiredAt);
                    ConversationState state = world.get(conversationId);
                    if (expiries.nextBoolean()) {
                        world.expiry.schedule(conversationId, drainTo + 10L * expiries.nextInt(50));
                    } else {
                        state.openWaits.forEach((waiting, wait) -> world.removePending(conversationId, waiting, wait));
                        world.conversations.delete(key(conversationId));
                    }
                });
            }
            // What each round added: the lists only grow, and comparing them whole every round was quadratic.
            assertThat(slots.reported).as("round %d", round).hasSameSizeAs(reference.reported);
            assertThat(slots.reported.subList(checked, slots.reported.size()))
                    .as("round %d", round)
                    .isEqualTo(reference.reported.subList(checked, reference.reported.size()));
            checked = reference.reported.size();
        }
        assertThat(reference.reported).hasSizeGreaterThan(20_000);
        assertThat(reference.reported.stream().filter(r -> r.startsWith("expired")))
                .hasSizeGreaterThan(1_000);
        assertThat(reference.reported.stream().filter(r -> r.contains("HORIZON")))
                .hasSizeGreaterThan(100);
    }

    @Test
    void theStoresShowTheLiveEntriesInTheByteKeyedIndexesLayout() {
        World slots = new World(true);
        World reference = new World(false);
        KeyValueStore<Bytes, byte[]> deadlineView =
                opened(DeadlineIndexStore.supplier("sla-deadlines").get());
        KeyValueStore<Bytes, byte[]> deadlineReference =
                opened(Stores.inMemoryKeyValueStore("d").get());
        SlaDeadlineIndex viewed = ((DeadlineIndexStore) deadlineView).attach(slots.conversations);
        SlaDeadlineIndex referenced = SlaDeadlineIndex.inStore(deadlineReference);
        for (String id : List.of("conversation-b", "a", "conversation-a")) {
            ConversationState state = new ConversationState(
                    "brand", 0, 0, new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashSet<>());
            for (String customer : CUSTOMERS) {
                state.openWaits.put(
                        customer,
                        new Wait(
                                100,
                                "e",
                                Platform.values()[0],
                                false,
                                false,
                                false,
                                new SlaTerms(300, 200, 600, 300, 400, 700, false)));
            }
            slots.put(id, state);
            for (String customer : CUSTOMERS) {
                viewed.add(300, id, customer, SlaDeadlineIndex.Kind.WARNING);
                referenced.add(300, id, customer, SlaDeadlineIndex.Kind.WARNING);
            }
        }
        // One wait answered: its entry is still queued, but no longer shown or counted.
        ConversationState a = slots.get("a");
        Wait answered = a.openWaits.remove("u3");
        slots.put("a", a);
        viewed.remove(answered.terms().warningAt(), "a", "u3");
        referenced.remove(answered.terms().warningAt(), "a", "u3");

        assertThat(listed(deadlineView)).isEqualTo(listed(deadlineReference)).hasSize(11);
        assertThat(deadlineView.approximateNumEntries()).isEqualTo(11);
        assertThat(deadlineView.get(deadlineReference.all().next().key))
                .isEqualTo(deadlineReference.all().next().value);

        deadlineView.close();
        assertThatThrownBy(deadlineView::all).isInstanceOf(InvalidStateStoreException.class);
        assertThat(deadlineView.approximateNumEntries()).isZero();
    }

    @Test
    void anIndexStoreIsReadOnItsTasksThreadAndLosesEntriesOnlyByFallingDue() throws Exception {
        HashKeyValueStore conversations =
                opened(HashKeyValueStore.supplier("conversations").get());
        ExpiryIndexStore store =
                opened(ExpiryIndexStore.supplier("conversation-expiry").get());
        assertThat(store.all().hasNext()).as("nothing attached yet").isFalse();
        ConversationExpiry expiry = store.attach(conversations);
        assertThatThrownBy(() -> expiry.schedule("missing", 5))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("before it is stored");
        conversations.put(key("c"), ConversationStateSerde.encode(new ConversationState("brand")));
        expiry.schedule("c", 5);
        assertThatThrownBy(() -> store.delete(store.all().next().key))
                .isInstanceOf(UnsupportedOperationException.class);

        AtomicReference<Throwable> elsewhere = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                store.all();
            } catch (Throwable e) {
                elsewhere.set(e);
            }
        });
        reader.start();
        reader.join();
        assertThat(elsewhere.get()).isInstanceOf(InvalidStateStoreException.class);
        assertThat(store.approximateNumEntries())
                .as("the metric may ask from any thread")
                .isEqualTo(1);

        List<String> expired = new ArrayList<>();
        expiry.expireBefore(6, (id, at) -> expired.add(id + "@" + at));
        assertThat(expired).containsExactly("c@5");
        assertThat(store.approximateNumEntries()).isZero();
    }

    private static List<String> listed(KeyValueStore<Bytes, byte[]> store) {
        List<String> entries = new ArrayList<>();
        try (var all = store.all()) {
            all.forEachRemaining(kv -> entries.add(kv.key + "=" + Bytes.wrap(kv.value)));
        }
        return entries;
    }

    private static Bytes key(String id) {
        return Bytes.wrap(id.getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static <S extends KeyValueStore<Bytes, byte[]>> S opened(KeyValueStore<Bytes, byte[]> store) {
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return (S) store;
    }
}
