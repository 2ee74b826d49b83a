package dev.rapport.conversation;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A queue ordered by time in a key-value store: keys are the time as 8 big-endian bytes (byte
 * order = time order for the positive epoch times the event contract allows) followed by an
 * entry's own key bytes. Used for SLA deadlines, held out-of-order events and conversation expiry.
 *
 * <p>Scans start at the last drained time, not at the first key: in RocksDB (the reorder buffer)
 * drained entries leave tombstones at the front of the key space, and an iterator that starts at
 * the first key steps over every one of them (in a 200,000-event replay that made every event
 * slower than the one before).
 */
final class TimeOrderedStore {
    /** An entry: its time, the rest of its key, and its value. */
    record Entry(long time, byte[] key, byte[] value) {}

    private final KeyValueStore<Bytes, byte[]> store;
    /** Earliest time in the store, cached so the per-record check costs one comparison. */
    private long earliest = Long.MAX_VALUE;
    /** Every entry is at or after this. */
    private long scanFrom;

    TimeOrderedStore(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            if (all.hasNext()) {
                earliest = timeOf(all.next().key);
            }
        }
        this.scanFrom = earliest;
    }

    void put(long time, byte[] key, byte[] value) {
        store.put(compose(time, key), value);
        earliest = Math.min(earliest, time);
        scanFrom = Math.min(scanFrom, time);
    }

    void delete(long time, byte[] key) {
        store.delete(compose(time, key));
    }

    /** Removes and returns, in time order, every entry at or before {@code time}. */
    List<Entry> takeUpTo(long time) {
        if (time < earliest) {
            return List.of();
        }
        List<KeyValue<Bytes, byte[]>> due = new ArrayList<>();
        long next = Long.MAX_VALUE;
        try (KeyValueIterator<Bytes, byte[]> range = store.range(compose(scanFrom, new byte[0]), null)) {
            while (range.hasNext()) {
                KeyValue<Bytes, byte[]> entry = range.next();
                long at = timeOf(entry.key);
                if (at > time) {
                    next = at;
                    break;
                }
                due.add(entry);
            }
        }
        earliest = next;
        scanFrom = time;
        List<Entry> taken = new ArrayList<>(due.size());
        for (KeyValue<Bytes, byte[]> entry : due) {
            store.delete(entry.key);
            byte[] full = entry.key.get();
            taken.add(new Entry(timeOf(entry.key), Arrays.copyOfRange(full, Long.BYTES, full.length), entry.value));
        }
        return taken;
    }

    private static Bytes compose(long time, byte[] key) {
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + key.length).putLong(time).put(key).array());
    }

    private static long timeOf(Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong();
    }
}
