package dev.rapport.conversation;

import dev.rapport.schema.MessageEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Holds events for the reorder window and releases them in event-time order, so that events that
 * arrive out of order by less than the window (a reply before the message it answers, a brand's
 * broadcast before the question it covers) give the same results as sorted input. Entries are
 * keyed by occurredAt, then the length-prefixed conversation id and the event id, so ties break
 * the same way whatever the arrival order.
 *
 * <p>The store is logged (held events exist nowhere else), so its layout must restore across an
 * upgrade. Key: occurredAt (8 bytes, big-endian), the conversation id's UTF-8 length (4 bytes),
 * the conversation id and the event id in UTF-8. Value: the event in Avro's single-object
 * encoding (the bytes C3 01, the writer schema's 8-byte fingerprint, then Avro binary): the
 * fingerprint is the value's format marker. A release that changes {@code MessageEvent}'s schema
 * must give its decoder the released schema too (the generated class's {@code createDecoder} with
 * a schema store), or the events held when it is deployed do not restore.
 * {@code ReorderBufferContractTest} holds the bytes of a sample entry.
 */
final class ReorderBuffer {
    private final TimeOrderedStore held;

    ReorderBuffer(KeyValueStore<Bytes, byte[]> store) {
        this.held = new TimeOrderedStore(store);
    }

    void hold(MessageEvent event) {
        try {
            ByteBuffer encoded = event.toByteBuffer();
            byte[] value = new byte[encoded.remaining()];
            encoded.get(value);
            held.put(event.getOccurredAt().toEpochMilli(), key(event), value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hold event " + event.getEventId(), e);
        }
    }

    /** Hands over, oldest first, every held event that occurred at or before {@code releaseTime}. */
    void releaseUpTo(long releaseTime, Consumer<MessageEvent> apply) {
        for (TimeOrderedStore.Entry entry : held.takeUpTo(releaseTime)) {
            try {
                apply.accept(MessageEvent.fromByteBuffer(ByteBuffer.wrap(entry.value())));
            } catch (IOException e) {
                throw new UncheckedIOException("corrupt held event", e);
            }
        }
    }

    private static byte[] key(MessageEvent event) {
        byte[] conversation = event.getConversationId().getBytes(StandardCharsets.UTF_8);
        byte[] id = event.getEventId().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(Integer.BYTES + conversation.length + id.length)
                .putInt(conversation.length)
                .put(conversation)
                .put(id)
                .array();
    }
}
