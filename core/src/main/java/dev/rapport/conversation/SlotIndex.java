package dev.rapport.conversation;

import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;

/** An index over slots of the conversations' store, as a {@link SlotIndexStore} shows it. */
interface SlotIndex {
    /** The entries as the byte-keyed index held them, sorted by its keys. */
    List<KeyValue<Bytes, byte[]>> entries();

    /** About the number of entries the index stands for now (stale entries it still holds may be counted). */
    long liveEntries();
}
