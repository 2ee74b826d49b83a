package dev.rapport.conversation;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Conversations ordered by when they expire (last event + time to live), so the idle ones can be
 * evicted without scanning every conversation: state stays bounded however long the stream runs.
 */
final class ConversationExpiry {
    private static final byte[] PRESENT = new byte[0];
    private final TimeOrderedStore expiries;
    private final long ttlMs;

    ConversationExpiry(KeyValueStore<Bytes, byte[]> store, long ttlMs) {
        this.expiries = new TimeOrderedStore(store);
        this.ttlMs = ttlMs;
    }

    /** The conversation was active: it now expires {@code ttl} after {@code lastEventAt}, not {@code previousLastEventAt}. */
    void touched(String conversationId, long previousLastEventAt, long lastEventAt) {
        byte[] key = conversationId.getBytes(StandardCharsets.UTF_8);
        if (previousLastEventAt != Long.MIN_VALUE && previousLastEventAt != lastEventAt) {
            expiries.delete(previousLastEventAt + ttlMs, key);
        }
        expiries.put(lastEventAt + ttlMs, key, PRESENT);
    }

    /** Hands over every conversation whose expiry is before {@code now}, with its expiry time. */
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
