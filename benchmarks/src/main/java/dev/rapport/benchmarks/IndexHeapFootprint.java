package dev.rapport.benchmarks;

import dev.rapport.state.HashKeyValueStore;
import java.nio.ByteBuffer;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Heap per entry of Kafka Streams' in-memory key-value store, which keeps a
 * {@code TreeMap<Bytes, byte[]>}: the SLA deadline and expiry indexes, and conversation-state
 * when it is held on the heap. This fills one with a million keys of the given shape and compares
 * the heap used after a full GC before and after. The indexes' values are shared constant arrays
 * and cost nothing per entry. Not a JMH benchmark: a footprint, measured once.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.rapport.benchmarks.IndexHeapFootprint 32 56 24:125</pre>
 *
 * 32 bytes is an expiry entry with a 24-byte conversation id; 56 a deadline entry with that id
 * and a 20-byte customer id (8 + 4-byte length + 24 + 20). {@code KEY:VALUE} gives every entry a
 * value array of its own: 24:125 is {@code conversation-state} on the heap
 * ({@code conversation.store=memory}) with the bench's 125-byte serialized conversations, as
 * Kafka's sorted in-memory store would hold it; {@code hash:24:125} fills the
 * {@link HashKeyValueStore} that holds it by default, with random values, which it cannot fold
 * (real conversations repeat their ids: {@link ConversationHeapFootprint} measures those, with
 * the indexes that now refer to the store's slots). {@code hash:24:125:3} then overwrites that
 * many times as many random entries with new values, as processing does: the store appends each
 * new value to its pages and compacts them when their garbage passes its share, so this is the
 * footprint of a store in use rather than of one freshly restored.
 */
public final class IndexHeapFootprint {
    private static final int ENTRIES = 1_000_000;

    private IndexHeapFootprint() {}

    public static void main(String[] args) {
        for (String arg : args.length == 0 ? new String[] {"32", "56", "24:125", "hash:24:125"} : args) {
            boolean hash = arg.startsWith("hash:");
            String[] sizes = arg.substring(hash ? "hash:".length() : 0).split(":");
            int keyBytes = Integer.parseInt(sizes[0]);
            int valueBytes = sizes.length > 1 ? Integer.parseInt(sizes[1]) : 0;
            int overwrites = sizes.length > 2 ? Integer.parseInt(sizes[2]) : 0;
            if (overwrites > 0 && !hash) {
                throw new IllegalArgumentException(arg + ": overwrites are measured for the hash store only");
            }
            System.out.printf(
                    "%s, key of %d bytes, value of %d, %d overwrites per entry: %.1f bytes of heap per entry%n",
                    hash ? "HashKeyValueStore" : "TreeMap",
                    keyBytes,
                    valueBytes,
                    overwrites,
                    bytesPerEntry(hash, keyBytes, valueBytes, overwrites));
        }
    }

    private static double bytesPerEntry(boolean hash, int keyBytes, int valueBytes, int overwrites) {
        byte[] shared = new byte[0];
        // Random values: HashKeyValueStore folds repeated byte runs, and zeros would fold to nothing.
        java.util.Random random = new java.util.Random(5);
        long before = heapAfterGc();
        NavigableMap<Bytes, byte[]> tree = new TreeMap<>();
        KeyValueStore<Bytes, byte[]> store =
                HashKeyValueStore.supplier("footprint").get();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        for (int i = 0; i < ENTRIES; i++) {
            byte[] value = valueBytes == 0 ? shared : new byte[valueBytes];
            random.nextBytes(value);
            if (hash) {
                store.put(key(keyBytes, i), value);
            } else {
                tree.put(key(keyBytes, i), value);
            }
        }
        for (long i = 0; i < (long) overwrites * ENTRIES; i++) {
            byte[] value = new byte[valueBytes];
            random.nextBytes(value);
            store.put(key(keyBytes, random.nextInt(ENTRIES)), value);
        }
        double perEntry = (heapAfterGc() - before) / (double) ENTRIES;
        long entries = hash ? store.approximateNumEntries() : tree.size();
        if (entries != ENTRIES) {
            throw new IllegalStateException("expected " + ENTRIES + " distinct keys, got " + entries);
        }
        return perEntry;
    }

    private static Bytes key(int keyBytes, int i) {
        ByteBuffer key = ByteBuffer.allocate(keyBytes).putLong(1_700_000_000_000L + 37L * i);
        key.putInt(i);
        return Bytes.wrap(key.array());
    }

    private static long heapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
