package dev.rapport.conversation;

import dev.rapport.schema.MessageEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Holds events for the reorder window and releases them in event-time order, so that events that
 * arrive out of order by less than the window (a reply before the message it answers, a brand's
 * broadcast before the question it covers) give the same results as sorted input. Keys are
 * occurredAt as 8 big-endian bytes, then the length-prefixed conversation id, then the event id:
 * byte order is release order, and ties break the same way whatever the arrival order.
 */
final class ReorderBuffer {
    private final KeyValueStore<Bytes, byte[]> store;
    private long earliest;
    /** Every held event is at or after this; scans start here to step over released tombstones. */
    private long scanFrom;

    ReorderBuffer(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
        this.earliest = Long.MAX_VALUE;
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            if (all.hasNext()) {
                earliest = ByteBuffer.wrap(all.next().key.get()).getLong();
            }
        }
        this.scanFrom = earliest;
    }

    void hold(MessageEvent event) {
        long at = event.getOccurredAt().toEpochMilli();
        try {
            ByteBuffer encoded = event.toByteBuffer();
            byte[] value = new byte[encoded.remaining()];
            encoded.get(value);
            store.put(key(at, event.getConversationId(), event.getEventId()), value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hold event " + event.getEventId(), e);
        }
        earliest = Math.min(earliest, at);
        scanFrom = Math.min(scanFrom, at);
    }

    /** Hands over, oldest first, every held event that occurred at or before {@code releaseTime}. */
    void releaseUpTo(long releaseTime, Consumer<MessageEvent> apply) {
        if (releaseTime < earliest) {
            return;
        }
        List<KeyValue<Bytes, byte[]>> due = new ArrayList<>();
        long next = Long.MAX_VALUE;
        try (KeyValueIterator<Bytes, byte[]> range = store.range(prefix(scanFrom), null)) {
            while (range.hasNext()) {
                KeyValue<Bytes, byte[]> entry = range.next();
                long at = ByteBuffer.wrap(entry.key.get()).getLong();
                if (at > releaseTime) {
                    next = at;
                    break;
                }
                due.add(entry);
            }
        }
        earliest = next;
        scanFrom = releaseTime;
        for (KeyValue<Bytes, byte[]> entry : due) {
            store.delete(entry.key);
            try {
                apply.accept(MessageEvent.fromByteBuffer(ByteBuffer.wrap(entry.value)));
            } catch (IOException e) {
                throw new UncheckedIOException("corrupt held event", e);
            }
        }
    }

    private static Bytes key(long at, String conversationId, String eventId) {
        byte[] conversation = conversationId.getBytes(StandardCharsets.UTF_8);
        byte[] event = eventId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + Integer.BYTES + conversation.length + event.length)
                .putLong(at).putInt(conversation.length).put(conversation).put(event).array());
    }

    private static Bytes prefix(long at) {
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(at).array());
    }
}
