package dev.rapport.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;

/**
 * Entries live in pages ({@link EntryPages}); overwrites and deletes leave garbage there, which
 * compaction reclaims by moving live entries. Whatever moves, every read answers as before, an
 * entry keeps its slot, and the pages stay within the garbage share of the live bytes.
 */
class HashKeyValueStoreCompactionTest {
    private static final int KEYS = 2_000;

    @Test
    void overwritesAndDeletesAreCompactedAwayWhileEveryValueAndSlotHolds() {
        HashKeyValueStore store = opened();
        Map<String, byte[]> expected = new HashMap<>();
        Random random = new Random(11);
        for (int i = 0; i < KEYS; i++) {
            byte[] value = randomValue(random);
            store.put(key(i), value);
            expected.put("k" + i, value);
        }
        Map<String, Integer> slots = new HashMap<>();
        for (int i = 0; i < KEYS; i++) {
            slots.put("k" + i, store.slotOf(key(i)));
        }
        store.relocateTo(newSlot -> {
            throw new AssertionError("a rehash: the slots this test follows would move");
        });
        long maxHeld = 0;
        for (int round = 0; round < 300_000; round++) {
            int k = random.nextInt(KEYS);
            if (random.nextInt(10) == 0) {
                store.delete(key(k));
                expected.remove("k" + k);
                // A key deleted and written again may take another slot.
                slots.remove("k" + k);
            } else {
                byte[] value = randomValue(random);
                store.put(key(k), value);
                expected.put("k" + k, value);
            }
            maxHeld = Math.max(maxHeld, store.entryPages().capacity());
        }
        EntryPages pages = store.entryPages();
        long written = 300_000L * 350;
        assertThat(written)
                .as("enough written to fill and compact many pages")
                .isGreaterThan(100L * EntryPages.PAGE_BYTES);
        // Garbage beyond the share is compacted at the next write: at most the share plus the page
        // being appended to, and one page that compaction opens.
        assertThat(pages.capacity() - pages.live())
                .isLessThanOrEqualTo(
                        (long) (EntryPages.MAX_GARBAGE_SHARE * pages.capacity()) + 2L * EntryPages.PAGE_BYTES);
        assertThat(maxHeld).isLessThan(KEYS * 700L * 2);
        for (int i = 0; i < KEYS; i++) {
            byte[] value = expected.get("k" + i);
            assertThat(store.get(key(i))).as("k" + i).isEqualTo(value);
            if (slots.containsKey("k" + i)) {
                assertThat(store.slotOf(key(i))).as("slot of k" + i).isEqualTo(slots.get("k" + i));
                assertThat(store.valueAt(slots.get("k" + i))).isEqualTo(value);
            }
        }
        assertThat(store.approximateNumEntries()).isEqualTo(expected.size());
        long scanned = 0;
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<Bytes, byte[]> entry = all.next();
                assertThat(entry.value).isEqualTo(expected.get(new String(entry.key.get(), StandardCharsets.UTF_8)));
                scanned++;
            }
        }
        assertThat(scanned).isEqualTo(expected.size());
    }

    @Test
    void anEntryLargerThanAQuarterPageGetsAPageOfItsOwnThatGoesWhenItDies() {
        HashKeyValueStore store = opened();
        Random random = new Random(13);
        byte[] large = new byte[EntryPages.PAGE_BYTES];
        random.nextBytes(large);
        store.put(key(1), large);
        store.put(key(2), randomValue(random));
        long held = store.entryPages().capacity();
        assertThat(held).isGreaterThan(EntryPages.PAGE_BYTES);

        for (int i = 0; i < 20; i++) {
            byte[] next = new byte[EntryPages.PAGE_BYTES];
            random.nextBytes(next);
            store.put(key(1), next);
            large = next;
        }

        assertThat(store.get(key(1))).isEqualTo(large);
        assertThat(store.entryPages().capacity()).isEqualTo(held);
        store.delete(key(1));
        assertThat(store.entryPages().capacity()).isLessThan(EntryPages.PAGE_BYTES + 1L);
    }

    @Test
    void aSmallStoreHoldsSmallPagesAndAGrowingOneLargerOnes() {
        HashKeyValueStore store = opened();
        Random random = new Random(23);
        for (int i = 0; i < 10; i++) {
            store.put(key(i), randomValue(random));
        }
        assertThat(store.entryPages().capacity()).isEqualTo(EntryPages.MIN_PAGE_BYTES);

        for (int i = 10; i < 20_000; i++) {
            store.put(key(i), randomValue(random));
        }
        EntryPages pages = store.entryPages();
        assertThat(pages.live()).isGreaterThan(20L * EntryPages.PAGE_BYTES);
        // Written once, so no garbage: only the pages' unused tails (less than an entry each) are
        // more than the live bytes.
        assertThat(pages.capacity() - pages.live()).isLessThan(pages.live() / 20);
    }

    /**
     * A scan walks the table it began with, which a rehash may replace: pages emptied while it is
     * open are kept for it, and freed once it is closed.
     */
    @Test
    void pagesEmptiedWhileAScanIsOpenAreKeptForItAndFreedAfterItCloses() {
        HashKeyValueStore store = opened();
        Random random = new Random(29);
        for (int i = 0; i < KEYS; i++) {
            store.put(key(i), valueFor(i, random));
        }
        KeyValueIterator<Bytes, byte[]> scan = store.all();
        for (int round = 0; round < 100_000; round++) {
            // New keys rehash the table under the scan; overwrites fill pages with garbage.
            store.put(key(KEYS + round % 5_000), valueFor(KEYS + round % 5_000, random));
            int k = random.nextInt(KEYS);
            store.put(key(k), valueFor(k, random));
        }
        assertThat(store.entryPages().retiredPages()).isPositive();
        int seen = 0;
        while (scan.hasNext()) {
            KeyValue<Bytes, byte[]> entry = scan.next();
            int k = Integer.parseInt(new String(entry.key.get(), StandardCharsets.UTF_8).substring(1));
            assertThat(ByteBuffer.wrap(entry.value).getInt()).isEqualTo(k);
            seen++;
        }
        scan.close();
        assertThat(seen).as("the keys there when the scan began").isGreaterThanOrEqualTo(KEYS);

        for (int round = 0; round < 10_000; round++) {
            int k = random.nextInt(KEYS);
            store.put(key(k), valueFor(k, random));
        }
        assertThat(store.entryPages().retiredPages()).isZero();
    }

    /**
     * Readers on other threads never see a moved entry's old place as missing: a get of a key
     * that is always present returns its latest kind of value, and a full scan sees every key.
     */
    @Test
    void readersOnOtherThreadsSeeEveryKeyWhileCompactionMovesThem() throws Exception {
        HashKeyValueStore store = opened();
        Random random = new Random(17);
        for (int i = 0; i < KEYS; i++) {
            store.put(key(i), valueFor(i, random));
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<String> failure = new AtomicReference<>();
        Thread getter = new Thread(() -> {
            Random reads = new Random(19);
            while (writing.get() && failure.get() == null) {
                int k = reads.nextInt(KEYS);
                byte[] value = store.get(key(k));
                if (value == null || ByteBuffer.wrap(value).getInt() != k) {
                    failure.set("k" + k + " read as " + (value == null ? "null" : Arrays.toString(value)));
                }
            }
        });
        Thread scanner = new Thread(() -> {
            while (writing.get() && failure.get() == null) {
                int seen = 0;
                try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
                    while (all.hasNext()) {
                        all.next();
                        seen++;
                    }
                }
                if (seen != KEYS) {
                    failure.set("a scan saw " + seen + " keys");
                }
            }
        });
        getter.start();
        scanner.start();
        long written = 0;
        long maxHeld = 0;
        for (int round = 0; round < 400_000 && failure.get() == null; round++) {
            int k = random.nextInt(KEYS);
            byte[] value = valueFor(k, random);
            store.put(key(k), value);
            written += value.length;
            maxHeld = Math.max(maxHeld, store.entryPages().capacity());
        }
        writing.set(false);
        getter.join();
        scanner.join();
        assertThat(failure.get()).isNull();
        assertThat(maxHeld).as("pages compacted while the readers read").isLessThan(written / 50);
    }

    /** A value that names its key in its first four bytes, so a reader can tell whose it read. */
    private static byte[] valueFor(int k, Random random) {
        byte[] value = randomValue(random);
        ByteBuffer.wrap(value).putInt(k);
        return value;
    }

    private static byte[] randomValue(Random random) {
        byte[] value = new byte[100 + random.nextInt(500)];
        random.nextBytes(value);
        return value;
    }

    private static HashKeyValueStore opened() {
        HashKeyValueStore store =
                (HashKeyValueStore) HashKeyValueStore.supplier("pages").get();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }

    private static Bytes key(int k) {
        return Bytes.wrap(("k" + k).getBytes(StandardCharsets.UTF_8));
    }
}
