package dev.rapport.conversation;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
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
        WARNING(WARNING_ENTRY),
        BREACH(BREACH_ENTRY),
        HORIZON(HORIZON_ENTRY);

        private final byte[] entry;

        Kind(byte[] entry) {
            this.entry = entry;
        }

        static Kind of(byte[] entry) {
            if (entry == null || entry.length == 0) {
                return BREACH;
            }
            if (entry[0] == WARNING_ENTRY[0]) {
                return WARNING;
            }
            if (entry[0] == HORIZON_ENTRY[0]) {
                return HORIZON;
            }
            // Only this class writes the index, so another value is a bug, not old data.
            throw new IllegalStateException("unknown deadline kind " + entry[0]);
        }
    }

    /** An index entry: the wait of {@code customerId} in {@code conversationId} is due at {@code deadline}. */
    record Due(long deadline, String conversationId, String customerId, Kind kind) {
        /** The same wait's next step. */
        Due then(Kind next, long at) {
            return new Due(at, conversationId, customerId, next);
        }
    }

    /** Reports a due entry; returns the wait's next step, or null when it has none. */
    @FunctionalInterface
    interface Step {
        Due report(Due due);
    }

    /** Deadline order; equal deadlines in the order they were queued. */
    private record Queued(Due due, long sequence) {}

    private static final Comparator<Queued> DEADLINE_ORDER =
            Comparator.comparingLong((Queued q) -> q.due().deadline()).thenComparingLong(Queued::sequence);

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

    /**
     * Removes and reports, in deadline order, every entry whose deadline is before {@code now}. A
     * wait's next step is indexed when it is later, and reported in turn with the others when it
     * is before {@code now} too: a wait whose warning, breach and horizon have all passed must not
     * report its horizon ahead of another wait's earlier deadline, because the windows its outcome
     * goes to are judged in event-time order.
     */
    void drainBefore(long now, Step step) {
        List<TimeOrderedStore.Entry> entries = deadlines.takeUpTo(now - 1);
        if (entries.isEmpty()) {
            return;
        }
        PriorityQueue<Queued> due = new PriorityQueue<>(Math.max(1, entries.size()), DEADLINE_ORDER);
        long sequence = 0;
        for (TimeOrderedStore.Entry entry : entries) {
            ByteBuffer in = ByteBuffer.wrap(entry.key());
            byte[] conversation = new byte[in.getInt()];
            in.get(conversation);
            byte[] customer = new byte[in.remaining()];
            in.get(customer);
            due.add(new Queued(
                    new Due(
                            entry.time(),
                            new String(conversation, StandardCharsets.UTF_8),
                            new String(customer, StandardCharsets.UTF_8),
                            Kind.of(entry.value())),
                    sequence++));
        }
        while (!due.isEmpty()) {
            Due next = step.report(due.poll().due());
            if (next == null) {
                continue;
            }
            if (next.deadline() < now) {
                due.add(new Queued(next, sequence++));
            } else {
                add(next.deadline(), next.conversationId(), next.customerId(), next.kind());
            }
        }
    }

    private static byte[] key(String conversationId, String customerId) {
        byte[] conversation = conversationId.getBytes(StandardCharsets.UTF_8);
        byte[] customer = customerId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(Integer.BYTES + conversation.length + customer.length)
                .putInt(conversation.length)
                .put(conversation)
                .put(customer)
                .array();
    }
}
