package dev.rapport.conversation;

import dev.rapport.state.HashKeyValueStore;
import java.util.Arrays;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;

/**
 * {@code conversation-expiry} beside conversations on the heap ({@link SlotIndexStore}): an entry
 * is a time and a slot of the conversations' store. Keys as the byte-keyed index had them: the
 * time (8 bytes, big-endian), then the conversation id; values empty.
 */
public final class ExpiryIndexStore extends SlotIndexStore<ConversationExpiry.OnSlots> {
    private ExpiryIndexStore(String name) {
        super(name);
    }

    public static KeyValueBytesStoreSupplier supplier(String name) {
        return SlotIndexStore.supplier(name, ExpiryIndexStore::new);
    }

    /** The index over {@code conversations}, empty; replaces the one a previous processor attached. */
    ConversationExpiry.OnSlots attach(HashKeyValueStore conversations) {
        return attach(new ConversationExpiry.OnSlots(conversations));
    }

    @Override
    void add(ConversationExpiry.OnSlots index, Bytes key, byte[] value) {
        byte[] bytes = key.get();
        index.schedule(ConversationExpiry.OnSlots.timeOf(bytes), Arrays.copyOfRange(bytes, Long.BYTES, bytes.length));
    }
}
