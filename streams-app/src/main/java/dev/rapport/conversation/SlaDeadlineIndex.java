package dev.rapport.conversation;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Open waits ordered by SLA deadline, so finding the overdue ones is a range scan instead of a
 * pass over every conversation. Entry keys are the length-prefixed conversation id and the
 * customer id. A wait has one entry at a time: its warning deadline, then, once the warning has
 * fired, its breach deadline, then, once the breach has fired, its response horizon (one write
 * per step instead of all at once, and one delete when it is answered). The value tells them
 * apart; it is empty for a breach. The store is in memory without a changelog: the processor
 * rebuilds the index from the conversations' open waits whenever it starts.
 */
final class SlaDeadlineIndex {
    private static final byte[] BREACH_ENTRY = new byte[0];
    private static final byte[] WARNING_ENTRY = {1};
    private static final byte[] HORIZON_ENTRY = {2};

    /** What happens at a deadline. */
    enum Kind {
        WARNING(WARNING_ENTRY), BREACH(BREACH_ENTRY), HORIZON(HORIZON_ENTRY);

        private final byte[] entry;

        Kind(byte[] entry) {
            this.entry = entry;
        }

        static Kind of(byte[] entry) {
            if (entry == null || entry.length == 0) {
                return BREACH;
            }
            return entry[0] == WARNING_ENTRY[0] ? WARNING : HORIZON;
        }
    }

    /** An index entry: the wait of {@code customerId} in {@code conversationId} is due at {@code deadline}. */
    record Due(long deadline, String conversationId, String customerId, Kind kind) {}

    private final TimeOrderedStore deadlines;

    SlaDeadlineIndex(KeyValueStore<Bytes, byte[]> store) {
        this.deadlines = new TimeOrderedStore(store);
    }

    void add(long deadline, String conversationId, String customerId, Kind kind) {
        deadlines.put(deadline, key(conversationId, customerId), kind.entry);
    }

    void remove(long deadline, String conversationId, String customerId) {
        deadlines.delete(deadline, key(conversationId, customerId));
    }

    /** Removes and hands over, in deadline order, every entry whose deadline is before {@code now}. */
    void drainBefore(long now, Consumer<Due> action) {
        for (TimeOrderedStore.Entry entry : deadlines.takeUpTo(now - 1)) {
            ByteBuffer in = ByteBuffer.wrap(entry.key());
            byte[] conversation = new byte[in.getInt()];
            in.get(conversation);
            byte[] customer = new byte[in.remaining()];
            in.get(customer);
            action.accept(new Due(entry.time(), new String(conversation, StandardCharsets.UTF_8),
                    new String(customer, StandardCharsets.UTF_8), Kind.of(entry.value())));
        }
    }

    private static byte[] key(String conversationId, String customerId) {
        byte[] conversation = conversationId.getBytes(StandardCharsets.UTF_8);
        byte[] customer = customerId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(Integer.BYTES + conversation.length + customer.length)
                .putInt(conversation.length).put(conversation).put(customer).array();
    }
}
