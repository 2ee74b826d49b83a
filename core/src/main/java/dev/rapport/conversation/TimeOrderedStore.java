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
 *
 * <p>Scans also end at the time drained to. Kafka's in-memory store (the deadline and expiry
 * indexes) copies every key of a range when it opens an iterator, so a scan open to the end of
 * the key space cost a copy of the whole index each time something fell due: with 6,000,000
 * events (2.3 million stored conversation states) processing fell to about 7,000
 * events/s. The price of the bound: after a drain only a lower
 * bound of the next entry's time is known, so the next later time costs a (bounded) scan, where
 * the exact time used to cost a comparison.
 */
final class TimeOrderedStore {
    /** An entry: its time, the rest of its key, and its value. */
    record Entry(long time, byte[] key, byte[] value) {}

    private final KeyValueStore<Bytes, byte[]> store;
    /** No entry is before this: the earliest time in the store, or a lower bound of it after a drain. */
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
        long after = time == Long.MAX_VALUE ? Long.MAX_VALUE : time + 1;
        // The bound is inclusive: the bare time after `time` sorts before every key that has it.
        Bytes to = time == Long.MAX_VALUE ? null : compose(after, new byte[0]);
        try (KeyValueIterator<Bytes, byte[]> range = store.range(compose(scanFrom, new byte[0]), to)) {
            while (range.hasNext()) {
                KeyValue<Bytes, byte[]> entry = range.next();
                if (timeOf(entry.key) > time) {
                    break;
                }
                due.add(entry);
            }
        }
        earliest = after;
        scanFrom = after;
        List<Entry> taken = new ArrayList<>(due.size());
        for (KeyValue<Bytes, byte[]> entry : due) {
            store.delete(entry.key);
            byte[] full = entry.key.get();
            taken.add(new Entry(timeOf(entry.key), Arrays.copyOfRange(full, Long.BYTES, full.length), entry.value));
        }
        return taken;
    }

    private static Bytes compose(long time, byte[] key) {
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + key.length)
                .putLong(time)
                .put(key)
                .array());
    }

    private static long timeOf(Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong();
    }
}
