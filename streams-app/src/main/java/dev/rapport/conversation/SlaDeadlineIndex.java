package dev.rapport.conversation;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Open waits ordered by SLA deadline, so finding the overdue ones is a range scan instead of a
 * pass over every conversation. Keys are the deadline as 8 big-endian bytes (byte order = time
 * order for the positive epoch times the contract allows), then the length-prefixed conversation
 * id, then the customer id. A wait has two entries, its warning and its breach deadline; the value
 * tells them apart, and is empty for a breach because that is what entries written before warnings
 * existed hold.
 */
final class SlaDeadlineIndex {
    private static final byte[] BREACH_ENTRY = new byte[0];
    private static final byte[] WARNING_ENTRY = {1};

    /** What happens at a deadline. */
    enum Kind { WARNING, BREACH }

    /** An index entry: the wait of {@code customerId} in {@code conversationId} is due at {@code deadline}. */
    record Due(long deadline, String conversationId, String customerId, Kind kind) {}

    private final KeyValueStore<Bytes, byte[]> store;
    /** Earliest deadline in the store, cached so the per-record check costs one comparison. */
    private long earliest;
    /**
     * Every entry has a deadline at or after this. Scans start here, not at the beginning: drained
     * entries leave tombstones at the front of the key space, and a RocksDB iterator that starts
     * at the first key has to step over every one of them (the cost grew with the stream's age).
     */
    private long scanFrom;

    SlaDeadlineIndex(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
        this.earliest = Long.MAX_VALUE;
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            if (all.hasNext()) {
                earliest = deadlineOf(all.next().key);
            }
        }
        this.scanFrom = earliest;
    }

    void add(long deadline, String conversationId, String customerId, Kind kind) {
        store.put(encode(deadline, conversationId, customerId), kind == Kind.WARNING ? WARNING_ENTRY : BREACH_ENTRY);
        earliest = Math.min(earliest, deadline);
        scanFrom = Math.min(scanFrom, deadline);
    }

    void remove(long deadline, String conversationId, String customerId) {
        store.delete(encode(deadline, conversationId, customerId));
    }

    /** Removes and hands over, in deadline order, every entry whose deadline is before {@code now}. */
    void drainBefore(long now, Consumer<Due> action) {
        if (now <= earliest) {
            return;
        }
        List<KeyValue<Bytes, byte[]>> due = new ArrayList<>();
        long next = Long.MAX_VALUE;
        try (KeyValueIterator<Bytes, byte[]> range = store.range(prefix(scanFrom), null)) {
            while (range.hasNext()) {
                KeyValue<Bytes, byte[]> entry = range.next();
                long deadline = deadlineOf(entry.key);
                if (deadline >= now) {
                    next = deadline;
                    break;
                }
                due.add(entry);
            }
        }
        earliest = next;
        scanFrom = now;
        for (KeyValue<Bytes, byte[]> entry : due) {
            store.delete(entry.key);
            action.accept(decode(entry.key, entry.value));
        }
    }

    static Bytes encode(long deadline, String conversationId, String customerId) {
        byte[] conversation = conversationId.getBytes(StandardCharsets.UTF_8);
        byte[] customer = customerId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + Integer.BYTES + conversation.length + customer.length)
                .putLong(deadline)
                .putInt(conversation.length)
                .put(conversation)
                .put(customer)
                .array());
    }

    private static Bytes prefix(long deadline) {
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(deadline).array());
    }

    private static long deadlineOf(Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong();
    }

    static Due decode(Bytes key, byte[] value) {
        ByteBuffer in = ByteBuffer.wrap(key.get());
        long deadline = in.getLong();
        byte[] conversation = new byte[in.getInt()];
        in.get(conversation);
        byte[] customer = new byte[in.remaining()];
        in.get(customer);
        return new Due(deadline, new String(conversation, StandardCharsets.UTF_8),
                new String(customer, StandardCharsets.UTF_8),
                value != null && value.length > 0 && value[0] == WARNING_ENTRY[0] ? Kind.WARNING : Kind.BREACH);
    }
}
