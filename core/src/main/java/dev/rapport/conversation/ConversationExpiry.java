package dev.rapport.conversation;

import dev.rapport.state.HashKeyValueStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Conversations ordered by when they may have expired (an event + time to live), so the idle ones
 * can be evicted without scanning every conversation: state stays bounded however long the stream
 * runs. An entry is a time to check, not the expiry itself: the processor reschedules a
 * conversation that was active since, so an event costs no index write. The index is in memory
 * without a changelog: the processor rebuilds it from the conversations (last event + ttl)
 * whenever it starts.
 *
 * <p>A conversation has one entry at a time: it is scheduled when it starts (or the task starts),
 * and again only when its entry has been taken. Entries due at the same time are handed over in
 * the order of their conversation ids' bytes.
 */
abstract sealed class ConversationExpiry {

    /** In a key-value store whose keys are the time and the conversation id ({@link TimeOrderedStore}). */
    static ConversationExpiry inStore(KeyValueStore<Bytes, byte[]> store) {
        return new InStore(store);
    }

    /** The conversation is due for an idleness check at {@code expiresAt}. */
    abstract void schedule(String conversationId, long expiresAt);

    /**
     * Hands over every conversation whose check is before {@code now}, with the time of the check;
     * the receiver decides whether it is idle (and may schedule it again).
     */
    abstract void expireBefore(long now, ExpiredConsumer action);

    /** The store's entries moved to other slots (an index over slots follows them; others have nothing to do). */
    void relocate(IntUnaryOperator newSlot) {}

    /** Receives an expired conversation. */
    @FunctionalInterface
    interface ExpiredConsumer {
        void expired(String conversationId, long expiredAt);
    }

    private static final class InStore extends ConversationExpiry {
        private static final byte[] PRESENT = new byte[0];
        private final TimeOrderedStore expiries;

        InStore(KeyValueStore<Bytes, byte[]> store) {
            this.expiries = new TimeOrderedStore(store);
        }

        @Override
        void schedule(String conversationId, long expiresAt) {
            expiries.put(expiresAt, conversationId.getBytes(StandardCharsets.UTF_8), PRESENT);
        }

        @Override
        void expireBefore(long now, ExpiredConsumer action) {
            for (TimeOrderedStore.Entry entry : expiries.takeUpTo(now - 1)) {
                action.expired(new String(entry.key(), StandardCharsets.UTF_8), entry.time());
            }
        }
    }

    /**
     * Beside a {@link HashKeyValueStore} of the conversations ({@link ExpiryIndexStore}): each
     * entry is a time and the slot of its conversation in that store, 12 bytes instead of the
     * id's bytes in a sorted map's entry. The processor passes the store's
     * {@link HashKeyValueStore.Relocation rehashes} to {@link #relocate}. A conversation must be in
     * the store when it is scheduled.
     */
    static final class OnSlots extends ConversationExpiry implements SlotIndex {
        /** The order of the store-backed index: time, then the id's bytes (unsigned). */
        private static final Comparator<Taken> ORDER =
                Comparator.comparingLong(Taken::time).thenComparing(Taken::key, Arrays::compareUnsigned);

        private final HashKeyValueStore conversations;
        private final SlotTimeQueue queue = new SlotTimeQueue();

        private record Taken(long time, byte[] key) {}

        OnSlots(HashKeyValueStore conversations) {
            this.conversations = conversations;
        }

        @Override
        void schedule(String conversationId, long expiresAt) {
            schedule(expiresAt, conversationId.getBytes(StandardCharsets.UTF_8));
        }

        void schedule(long expiresAt, byte[] conversationId) {
            int slot = conversations.slotOf(Bytes.wrap(conversationId));
            if (slot < 0) {
                throw new IllegalStateException("conversation " + new String(conversationId, StandardCharsets.UTF_8)
                        + " is scheduled before it is stored");
            }
            scheduleSlot(slot, expiresAt);
        }

        /** The conversation in {@code slot} of the store expires at {@code expiresAt}. */
        void scheduleSlot(int slot, long expiresAt) {
            queue.add(expiresAt, slot);
        }

        @Override
        public long liveEntries() {
            return queue.size();
        }

        static long timeOf(byte[] key) {
            return ByteBuffer.wrap(key).getLong();
        }

        /** The entries as the byte-keyed index held them: time and id as the key, sorted, values empty. */
        @Override
        public List<KeyValue<Bytes, byte[]>> entries() {
            List<Taken> all = new ArrayList<>();
            queue.forEach((time, slot) -> {
                byte[] key = conversations.keyAt(slot);
                if (key != null) {
                    all.add(new Taken(time, key));
                }
            });
            all.sort(ORDER);
            List<KeyValue<Bytes, byte[]>> entries = new ArrayList<>(all.size());
            Taken previous = null;
            for (Taken entry : all) {
                if (previous == null || ORDER.compare(previous, entry) != 0) {
                    entries.add(KeyValue.pair(
                            Bytes.wrap(ByteBuffer.allocate(Long.BYTES + entry.key().length)
                                    .putLong(entry.time())
                                    .put(entry.key())
                                    .array()),
                            new byte[0]));
                }
                previous = entry;
            }
            return entries;
        }

        @Override
        void expireBefore(long now, ExpiredConsumer action) {
            if (queue.earliest() >= now) {
                return;
            }
            // Every id is read before any is handed over: the receiver writes the store, and a
            // rehash would move the slots still to be read.
            List<Taken> taken = new ArrayList<>();
            queue.takeUpTo(now - 1, (time, slot) -> {
                byte[] key = conversations.keyAt(slot);
                if (key != null) {
                    taken.add(new Taken(time, key));
                }
            });
            taken.sort(ORDER);
            Taken previous = null;
            for (Taken entry : taken) {
                // Two entries of one conversation at one time were one key in the store-backed index.
                if (previous == null || ORDER.compare(previous, entry) != 0) {
                    action.expired(new String(entry.key(), StandardCharsets.UTF_8), entry.time());
                }
                previous = entry;
            }
        }

        @Override
        void relocate(IntUnaryOperator newSlot) {
            queue.remap(newSlot);
        }
    }
}
