package dev.rapport.conversation;

import dev.rapport.state.HashKeyValueStore;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;

/**
 * {@code conversation-expiry} beside conversations on the heap ({@link SlotIndexStore}): an entry
 * is a time and a slot of the conversations' store. Keys as the byte-keyed index had them: the
 * time (8 bytes, big-endian), then the conversation id; values empty.
 */
public final class ExpiryIndexStore extends SlotIndexStore {
    private ConversationExpiry.OnSlots index;

    private ExpiryIndexStore(String name) {
        super(name);
    }

    public static KeyValueBytesStoreSupplier supplier(String name) {
        return SlotIndexStore.supplier(name, ExpiryIndexStore::new);
    }

    /** The index over {@code conversations}, empty; replaces the one a previous processor attached. */
    ConversationExpiry attach(HashKeyValueStore conversations) {
        index = new ConversationExpiry.OnSlots(conversations);
        attachedOn(Thread.currentThread());
        return index;
    }

    @Override
    List<KeyValue<Bytes, byte[]>> entries() {
        return index == null ? List.of() : index.entries();
    }

    @Override
    long liveEntries() {
        ConversationExpiry.OnSlots current = index;
        return current == null ? 0 : current.size();
    }

    @Override
    void add(Bytes key, byte[] value) {
        if (index == null) {
            throw new IllegalStateException(name() + " has no conversations attached yet");
        }
        byte[] bytes = key.get();
        index.schedule(ConversationExpiry.OnSlots.timeOf(bytes), Arrays.copyOfRange(bytes, Long.BYTES, bytes.length));
    }

    @Override
    void clear() {
        index = null;
    }
}
