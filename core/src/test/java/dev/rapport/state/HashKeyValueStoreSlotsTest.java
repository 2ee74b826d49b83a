package dev.rapport.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

/**
 * Slots: an entry keeps its slot until it is deleted or the table is rehashed, and a rehash tells
 * where every entry went. And the table's lock-free reads: a reader on another thread sees every
 * key that stays, with a value that was written, while the writer rehashes under it.
 */
class HashKeyValueStoreSlotsTest {

    @Test
    void eachValueIsVisitedOnceWithItsSlotAndDeletedOnesNot() {
        HashKeyValueStore store = opened();
        for (int i = 0; i < 3_000; i++) {
            // Overwritten: the first values stay in the pages as dead entries, which are not visited.
            store.put(key("conversation-" + i), value(i + 1));
        }
        for (int i = 0; i < 3_000; i++) {
            store.put(key("conversation-" + i), value(i));
        }
        for (int i = 0; i < 3_000; i += 7) {
            store.delete(key("conversation-" + i));
        }
        Map<Integer, byte[]> visited = new HashMap<>();
        long count = store.forEachValue((slot, value) ->
                assertThat(visited.put(slot, value)).as("slot %d once", slot).isNull());

        assertThat(visited).hasSize((int) store.approximateNumEntries());
        assertThat(count).isEqualTo(visited.size());
        for (int i = 0; i < 3_000; i++) {
            int slot = store.slotOf(key("conversation-" + i));
            if (i % 7 == 0) {
                assertThat(slot).isNegative();
            } else {
                assertThat(visited.get(slot)).isEqualTo(value(i));
            }
        }
    }

    @Test
    void slotsHoldUntilARehashThenTheRelocationSaysWhereEachEntryWent() {
        HashKeyValueStore store = opened();
        Map<Integer, String> bySlot = new HashMap<>();
        store.relocateTo(newSlot -> {
            Map<Integer, String> moved = new HashMap<>();
            bySlot.forEach((slot, key) -> {
                int now = newSlot.applyAsInt(slot);
                if (now >= 0) {
                    moved.put(now, key);
                }
            });
            bySlot.clear();
            bySlot.putAll(moved);
        });
        for (int i = 0; i < 5_000; i++) {
            String key = "conversation-" + i;
            store.put(key(key), value(i));
            bySlot.put(store.slotOf(key(key)), key);
            if (i % 3 == 0 && i > 0) {
                String gone = "conversation-" + (i / 2);
                int slot = store.slotOf(key(gone));
                store.delete(key(gone));
                bySlot.remove(slot);
                assertThat(store.keyAt(slot)).isNull();
                assertThat(store.valueAt(slot)).isNull();
            }
            // An update keeps the slot.
            int before = store.slotOf(key(key));
            store.put(key(key), value(i + 1));
            assertThat(store.slotOf(key(key))).isEqualTo(before);
        }
        assertThat(bySlot).hasSize((int) store.approximateNumEntries());
        bySlot.forEach((slot, key) -> {
            assertThat(new String(store.keyAt(slot), StandardCharsets.UTF_8)).isEqualTo(key);
            assertThat(store.slotOf(key(key))).isEqualTo(slot);
            assertThat(store.valueAt(slot)).isEqualTo(store.get(key(key)));
        });
        assertThat(store.slotOf(key("absent"))).isEqualTo(-1);
    }

    @Test
    void aReaderOnAnotherThreadSeesEveryKeyThatStaysWhileTheWriterRehashes() throws Exception {
        HashKeyValueStore store = opened();
        for (int i = 0; i < 100; i++) {
            store.put(key("stays-" + i), value(0));
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<String> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            int round = 0;
            while (writing.get() && failure.get() == null) {
                String key = "stays-" + (round++ % 100);
                byte[] value = store.get(key(key));
                if (value == null || value.length != 64 || value[0] != value[63]) {
                    failure.set(key + " read as " + (value == null ? "null" : value.length + " bytes"));
                }
            }
        });
        reader.start();
        for (int i = 0; i < 200_000; i++) {
            store.put(key("churn-" + i), value(i));
            store.put(key("stays-" + (i % 100)), value(i));
            if (i >= 1_000) {
                store.delete(key("churn-" + (i - 1_000)));
            }
        }
        writing.set(false);
        reader.join();
        assertThat(failure.get()).isNull();
        assertThat(store.approximateNumEntries()).isEqualTo(1_100);
    }

    @Test
    void aClosedStoreIsEmptyAndForgetsItsRelocation() {
        HashKeyValueStore store = opened();
        List<Integer> rehashes = new ArrayList<>();
        store.relocateTo(newSlot -> rehashes.add(1));
        store.put(key("a"), value(1));
        store.close();
        assertThat(store.isOpen()).isFalse();
        assertThat(store.get(key("a"))).isNull();
        assertThat(store.slotOf(key("a"))).isEqualTo(-1);
        for (int i = 0; i < 100; i++) {
            store.put(key("k" + i), value(i));
        }
        assertThat(rehashes).isEmpty();
    }

    private static HashKeyValueStore opened() {
        HashKeyValueStore store =
                (HashKeyValueStore) HashKeyValueStore.supplier("slots").get();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }

    private static Bytes key(String key) {
        return Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
    }

    /** 64 bytes, all {@code i}: a torn read would show different first and last bytes. */
    private static byte[] value(int i) {
        byte[] value = new byte[64];
        java.util.Arrays.fill(value, (byte) i);
        return value;
    }
}
