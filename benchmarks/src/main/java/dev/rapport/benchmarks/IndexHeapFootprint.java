package dev.rapport.benchmarks;

import java.nio.ByteBuffer;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;

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
 * ({@code conversation.store=memory}) with the bench's 125-byte serialized conversations.
 */
public final class IndexHeapFootprint {
    private static final int ENTRIES = 1_000_000;

    private IndexHeapFootprint() {}

    public static void main(String[] args) {
        for (String arg : args.length == 0 ? new String[] {"32", "56", "24:125"} : args) {
            String[] sizes = arg.split(":");
            int keyBytes = Integer.parseInt(sizes[0]);
            int valueBytes = sizes.length > 1 ? Integer.parseInt(sizes[1]) : 0;
            System.out.printf("key of %d bytes, value of %d: %.1f bytes of heap per entry%n", keyBytes, valueBytes,
                    bytesPerEntry(keyBytes, valueBytes));
        }
    }

    private static double bytesPerEntry(int keyBytes, int valueBytes) {
        byte[] shared = new byte[0];
        long before = heapAfterGc();
        NavigableMap<Bytes, byte[]> map = new TreeMap<>();
        for (int i = 0; i < ENTRIES; i++) {
            ByteBuffer key = ByteBuffer.allocate(keyBytes).putLong(1_700_000_000_000L + 37L * i);
            key.putInt(i);
            map.put(Bytes.wrap(key.array()), valueBytes == 0 ? shared : new byte[valueBytes]);
        }
        double perEntry = (heapAfterGc() - before) / (double) ENTRIES;
        if (map.size() != ENTRIES) {
            throw new IllegalStateException("expected " + ENTRIES + " distinct keys, got " + map.size());
        }
        return perEntry;
    }

    private static long heapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
