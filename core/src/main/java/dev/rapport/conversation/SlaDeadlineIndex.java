package dev.rapport.conversation;

import dev.rapport.policy.SlaTerms;
import dev.rapport.state.HashKeyValueStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Open waits ordered by SLA deadline, so finding the overdue ones is a range scan instead of a
 * pass over every conversation. A wait has one entry at a time: its warning deadline, then, once
 * the warning has fired, its breach deadline, then, once the breach has fired, its response
 * horizon (one write per step instead of all at once, and one delete when it is answered). The
 * index is in memory without a changelog: the processor rebuilds it from the conversations' open
 * waits whenever it starts.
 *
 * <p>Entries due together are reported in the order of their keys in the store-backed index:
 * deadline, then the length-prefixed conversation id, then the customer id.
 */
abstract sealed class SlaDeadlineIndex {
    private static final byte[] BREACH_ENTRY = new byte[0];
    private static final byte[] WARNING_ENTRY = {1};
    private static final byte[] HORIZON_ENTRY = {2};

    /** What happens at a deadline. */
    enum Kind {
        WARNING(WARNING_ENTRY),
        BREACH(BREACH_ENTRY),
        HORIZON(HORIZON_ENTRY);

        private static final Kind[] ALL = values();
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

        /**
         * The step a wait's one index entry stands for: the first of warning, breach and horizon
         * not reported yet; null when all three are. Rebuilding the index, removing an answered
         * wait's entry and telling a live entry from a stale one all ask this, so they cannot
         * disagree about which entry exists.
         */
        static Kind pendingOf(ConversationState.Wait wait) {
            return pendingOf(wait.warningReported(), wait.breachReported(), wait.horizonPassed());
        }

        /** The same from a stored wait's flags. */
        static Kind pendingOf(boolean warningReported, boolean breachReported, boolean horizonPassed) {
            if (!warningReported && !breachReported) {
                return WARNING;
            }
            if (!breachReported) {
                return BREACH;
            }
            return horizonPassed ? null : HORIZON;
        }

        /** This step's deadline under {@code terms}. */
        long at(SlaTerms terms) {
            return switch (this) {
                case WARNING -> terms.warningAt();
                case BREACH -> terms.deadlineAt();
                case HORIZON -> terms.horizonAt();
            };
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

    /** In a key-value store whose keys are the deadline, conversation id and customer id ({@link TimeOrderedStore}). */
    static SlaDeadlineIndex inStore(KeyValueStore<Bytes, byte[]> store) {
        return new InStore(store);
    }

    abstract void add(long deadline, String conversationId, String customerId, Kind kind);

    abstract void remove(long deadline, String conversationId, String customerId);

    /** Removes and returns, in key order, every entry whose deadline is before {@code now}. */
    abstract List<Due> takeBefore(long now);

    /** The store's entries moved to other slots (an index over slots follows them; others have nothing to do). */
    void relocate(IntUnaryOperator newSlot) {}

    /**
     * Removes and reports, in deadline order, every entry whose deadline is before {@code now}. A
     * wait's next step is indexed when it is later, and reported in turn with the others when it
     * is before {@code now} too: a wait whose warning, breach and horizon have all passed must not
     * report its horizon ahead of another wait's earlier deadline, because the windows its outcome
     * goes to are judged in event-time order.
     */
    final void drainBefore(long now, Step step) {
        List<Due> entries = takeBefore(now);
        if (entries.isEmpty()) {
            return;
        }
        PriorityQueue<Queued> due = new PriorityQueue<>(Math.max(1, entries.size()), DEADLINE_ORDER);
        long sequence = 0;
        for (Due entry : entries) {
            due.add(new Queued(entry, sequence++));
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

    private static final class InStore extends SlaDeadlineIndex {
        private final TimeOrderedStore deadlines;

        InStore(KeyValueStore<Bytes, byte[]> store) {
            this.deadlines = new TimeOrderedStore(store);
        }

        @Override
        void add(long deadline, String conversationId, String customerId, Kind kind) {
            deadlines.put(deadline, key(conversationId, customerId), kind.entry);
        }

        @Override
        void remove(long deadline, String conversationId, String customerId) {
            deadlines.delete(deadline, key(conversationId, customerId));
        }

        @Override
        List<Due> takeBefore(long now) {
            List<TimeOrderedStore.Entry> entries = deadlines.takeUpTo(now - 1);
            List<Due> due = new ArrayList<>(entries.size());
            for (TimeOrderedStore.Entry entry : entries) {
                ByteBuffer in = ByteBuffer.wrap(entry.key());
                byte[] conversation = new byte[in.getInt()];
                in.get(conversation);
                byte[] customer = new byte[in.remaining()];
                in.get(customer);
                due.add(new Due(
                        entry.time(),
                        new String(conversation, StandardCharsets.UTF_8),
                        new String(customer, StandardCharsets.UTF_8),
                        Kind.of(entry.value())));
            }
            return due;
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

    /**
     * Beside a {@link HashKeyValueStore} of the conversations ({@link DeadlineIndexStore}): each entry is a deadline, the slot
     * of its conversation in that store and its kind, 12 bytes instead of two ids' bytes in a
     * sorted map's entry. The customer is not kept: when an entry falls due, the conversation's
     * open waits whose pending step is that kind at that deadline are the ones it stands for.
     * {@link #remove} leaves the entry queued: an entry of a wait that has ended, or moved on,
     * matches no open wait when it falls due and is dropped then (or at the next rehash, when its
     * conversation has left the store), and is only counted until then. The processor passes the store's
     * {@link HashKeyValueStore.Relocation rehashes} to {@link #relocate}. A conversation must be
     * in the store when a deadline of it is added.
     */
    static final class OnSlots extends SlaDeadlineIndex implements SlotIndex {
        private static final int KIND_BITS = 2;
        private static final int KIND_MASK = (1 << KIND_BITS) - 1;
        /** The store-backed index's key order: deadline, the id's length, the id, the customer (bytes unsigned). */
        private static final Comparator<Resolved> KEY_ORDER = Comparator.comparingLong(Resolved::deadline)
                .thenComparingInt(r -> r.conversation().length)
                .thenComparing(Resolved::conversation, Arrays::compareUnsigned)
                .thenComparing(Resolved::customer, Arrays::compareUnsigned);

        private final HashKeyValueStore conversations;
        private final SlotTimeQueue queue = new SlotTimeQueue();
        /** Entries queued for waits that have ended or moved on since, not yet taken. */
        private int stale;

        private record Taken(long time, int ref) {}

        private record Resolved(long deadline, byte[] conversation, byte[] customer, Due due) {}

        OnSlots(HashKeyValueStore conversations) {
            this.conversations = conversations;
        }

        @Override
        void add(long deadline, String conversationId, String customerId, Kind kind) {
            int slot = conversations.slotOf(Bytes.wrap(conversationId.getBytes(StandardCharsets.UTF_8)));
            if (slot < 0) {
                throw new IllegalStateException(
                        "a deadline of conversation " + conversationId + " is added before it is stored");
            }
            addSlot(slot, deadline, kind);
        }

        /** A step of a wait of the conversation in {@code slot} of the store falls due at {@code deadline}. */
        void addSlot(int slot, long deadline, Kind kind) {
            if (slot > Integer.MAX_VALUE >>> KIND_BITS) {
                // A table of over 500 million slots: more conversations than one task's heap holds.
                throw new IllegalStateException("slot " + slot + " does not fit a deadline entry");
            }
            queue.add(deadline, slot << KIND_BITS | kind.ordinal());
        }

        @Override
        void remove(long deadline, String conversationId, String customerId) {
            // Left to fall due: it then matches no open wait and is dropped. The processor removes
            // only the entry a wait has, so one more of the queued entries is stale.
            stale++;
        }

        /** The entries that stand for a wait's step: the queued ones less the stale ones. */
        @Override
        public long liveEntries() {
            return queue.size() - stale;
        }

        /** The entries as the byte-keyed index held them, sorted by its keys, the kinds as values. */
        @Override
        public List<KeyValue<Bytes, byte[]>> entries() {
            List<Resolved> resolved = new ArrayList<>();
            Set<Due> seen = new HashSet<>();
            queue.forEach((time, ref) -> resolve(time, ref >>> KIND_BITS, Kind.ALL[ref & KIND_MASK], resolved, seen));
            resolved.sort(KEY_ORDER);
            List<KeyValue<Bytes, byte[]>> entries = new ArrayList<>(resolved.size());
            for (Resolved entry : resolved) {
                entries.add(KeyValue.pair(
                        Bytes.wrap(ByteBuffer.allocate(Long.BYTES
                                        + Integer.BYTES
                                        + entry.conversation().length
                                        + entry.customer().length)
                                .putLong(entry.deadline())
                                .putInt(entry.conversation().length)
                                .put(entry.conversation())
                                .put(entry.customer())
                                .array()),
                        entry.due().kind().entry));
            }
            return entries;
        }

        @Override
        List<Due> takeBefore(long now) {
            if (queue.earliest() >= now) {
                return List.of();
            }
            // Every entry is resolved before any is reported, because reporting writes the store
            // and a rehash would move the slots still to be read. Entries of one conversation,
            // kind and deadline stand for the same waits, which are reported once.
            List<Taken> taken = new ArrayList<>();
            queue.takeUpTo(now - 1, (time, ref) -> taken.add(new Taken(time, ref)));
            List<Resolved> resolved = new ArrayList<>();
            Set<Due> reported = new HashSet<>();
            for (Taken entry : taken) {
                resolve(entry.time(), entry.ref() >>> KIND_BITS, Kind.ALL[entry.ref() & KIND_MASK], resolved, reported);
            }
            // Each wait's step has one live entry; what else was taken was stale.
            stale = Math.max(0, stale - (taken.size() - resolved.size()));
            resolved.sort(KEY_ORDER);
            List<Due> due = new ArrayList<>(resolved.size());
            for (Resolved entry : resolved) {
                due.add(entry.due());
            }
            return due;
        }

        /** Adds the open waits of the conversation in {@code slot} whose pending step is {@code kind} at {@code deadline}. */
        private void resolve(long deadline, int slot, Kind kind, List<Resolved> resolved, Set<Due> reported) {
            byte[] key = conversations.keyAt(slot);
            if (key == null) {
                return;
            }
            byte[] value = conversations.valueAt(slot);
            if (value == null) {
                return;
            }
            String conversationId = new String(key, StandardCharsets.UTF_8);
            ConversationState state = ConversationStateSerde.decode(value);
            state.openWaits.forEach((customer, wait) -> {
                if (Kind.pendingOf(wait) == kind
                        && kind.at(wait.terms()) == deadline
                        && reported.add(new Due(deadline, conversationId, customer, kind))) {
                    resolved.add(new Resolved(
                            deadline,
                            key,
                            customer.getBytes(StandardCharsets.UTF_8),
                            new Due(deadline, conversationId, customer, kind)));
                }
            });
        }

        @Override
        void relocate(IntUnaryOperator newSlot) {
            // An entry whose conversation has left the store is stale, and goes.
            int dropped = queue.remap(ref -> {
                int slot = newSlot.applyAsInt(ref >>> KIND_BITS);
                return slot < 0 ? -1 : slot << KIND_BITS | (ref & KIND_MASK);
            });
            stale = Math.max(0, stale - dropped);
        }
    }
}
