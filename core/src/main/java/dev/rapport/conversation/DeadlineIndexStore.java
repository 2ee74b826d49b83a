package dev.rapport.conversation;

import dev.rapport.state.HashKeyValueStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;

/**
 * {@code sla-deadlines} beside conversations on the heap ({@link SlotIndexStore}): an entry is a
 * deadline, a slot of the conversations' store and the kind of step. Keys as the byte-keyed index
 * had them: the deadline (8 bytes, big-endian), the conversation id's length (4 bytes) and bytes,
 * the customer id's bytes; the value is the kind.
 */
public final class DeadlineIndexStore extends SlotIndexStore<SlaDeadlineIndex.OnSlots> {
    private DeadlineIndexStore(String name) {
        super(name);
    }

    public static KeyValueBytesStoreSupplier supplier(String name) {
        return SlotIndexStore.supplier(name, DeadlineIndexStore::new);
    }

    /** The index over {@code conversations}, empty; replaces the one a previous processor attached. */
    SlaDeadlineIndex.OnSlots attach(HashKeyValueStore conversations) {
        return attach(new SlaDeadlineIndex.OnSlots(conversations));
    }

    @Override
    void add(SlaDeadlineIndex.OnSlots index, Bytes key, byte[] value) {
        ByteBuffer in = ByteBuffer.wrap(key.get());
        long deadline = in.getLong();
        byte[] conversation = new byte[in.getInt()];
        in.get(conversation);
        byte[] customer = new byte[in.remaining()];
        in.get(customer);
        index.add(
                deadline,
                new String(conversation, StandardCharsets.UTF_8),
                new String(customer, StandardCharsets.UTF_8),
                SlaDeadlineIndex.Kind.of(value));
    }
}
