package dev.rapport.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.schema.Direction;
import dev.rapport.schema.MessageEvent;
import dev.rapport.schema.Platform;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The {@code reorder-buffer} store is logged: the bytes of a held event are its changelog record,
 * and a release must restore what the previous one held. The sample entry's bytes are written out
 * below. If the value's schema fingerprint changed, {@code MessageEvent}'s schema changed: the
 * decoder must then also know the released schema (see {@link ReorderBuffer}), or the held events
 * do not restore.
 */
class ReorderBufferContractTest {
    private static final String SAMPLE_KEY = ""
            + "0000018bcfe56800" // occurredAt 1_700_000_000_000
            + "00000003" + "632d31" // conversation id "c-1" with its length
            + "652d31"; // event id "e-1"
    private static final String SAMPLE_VALUE = ""
            + "c301" // Avro single-object encoding
            + "3a778d11c982ead4" // the fingerprint of MessageEvent's schema (CRC-64-AVRO, little-endian)
            + "06652d31" // eventId "e-1"
            + "08" // platform WHATSAPP (symbol 4)
            + "0861636d65" // brandId "acme"
            + "06632d31" // conversationId "c-1"
            + "02" // direction OUTBOUND (symbol 1)
            + "106167656e742dc3bc" // authorId "agent-ü"
            + "0206652d30" // inReplyTo: the string branch, "e-0"
            + "80a0abfef962"; // occurredAt 1_700_000_000_000

    private final KeyValueStore<Bytes, byte[]> store = Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore("reorder-buffer"), Serdes.Bytes(), Serdes.ByteArray())
            .withLoggingDisabled()
            .build();

    ReorderBufferContractTest() {
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    @Test
    void aHeldEventIsStoredAsItsPinnedBytes() {
        new ReorderBuffer(store).hold(sample());

        List<KeyValue<Bytes, byte[]>> entries = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            all.forEachRemaining(entries::add);
        }
        assertThat(entries).hasSize(1);
        assertThat(HexFormat.of().formatHex(entries.get(0).key.get())).isEqualTo(SAMPLE_KEY);
        assertThat(HexFormat.of().formatHex(entries.get(0).value)).isEqualTo(SAMPLE_VALUE);
    }

    @Test
    void thePinnedBytesAreReleasedAsTheSample() {
        store.put(
                Bytes.wrap(HexFormat.of().parseHex(SAMPLE_KEY)), HexFormat.of().parseHex(SAMPLE_VALUE));

        List<MessageEvent> released = new ArrayList<>();
        new ReorderBuffer(store).releaseUpTo(1_700_000_000_000L, released::add);

        assertThat(released).containsExactly(sample());
    }

    private static MessageEvent sample() {
        return MessageEvent.newBuilder()
                .setEventId("e-1")
                .setPlatform(Platform.WHATSAPP)
                .setBrandId("acme")
                .setConversationId("c-1")
                .setDirection(Direction.OUTBOUND)
                .setAuthorId("agent-ü")
                .setInReplyTo("e-0")
                .setOccurredAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .build();
    }
}
