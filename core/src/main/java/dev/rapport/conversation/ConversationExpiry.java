package dev.rapport.conversation;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Conversations ordered by when they may have expired (an event + time to live), so the idle ones
 * can be evicted without scanning every conversation: state stays bounded however long the stream
 * runs. An entry is a time to check, not the expiry itself: the processor reschedules a
 * conversation that was active since, so an event costs no index write. The store is in memory
 * without a changelog: the processor rebuilds it from the conversations (last event + ttl)
 * whenever it starts.
 */
final class ConversationExpiry {
    private static final byte[] PRESENT = new byte[0];
    private final TimeOrderedStore expiries;

    ConversationExpiry(KeyValueStore<Bytes, byte[]> store) {
        this.expiries = new TimeOrderedStore(store);
    }

    /** The conversation is due for an idleness check at {@code expiresAt}. */
    void schedule(String conversationId, long expiresAt) {
        expiries.put(expiresAt, conversationId.getBytes(StandardCharsets.UTF_8), PRESENT);
    }

    /**
     * Hands over every conversation whose check is before {@code now}, with the time of the check;
     * the receiver decides whether it is idle (and may schedule it again).
     */
    void expireBefore(long now, ExpiredConsumer action) {
        for (TimeOrderedStore.Entry entry : expiries.takeUpTo(now - 1)) {
            action.expired(new String(entry.key(), StandardCharsets.UTF_8), entry.time());
        }
    }

    /** Receives an expired conversation. */
    @FunctionalInterface
    interface ExpiredConsumer {
        void expired(String conversationId, long expiredAt);
    }
}
