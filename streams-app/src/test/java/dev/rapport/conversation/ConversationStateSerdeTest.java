package dev.rapport.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.conversation.ConversationState.SeenEvent;
import dev.rapport.conversation.ConversationState.Wait;
import dev.rapport.schema.Direction;
import dev.rapport.schema.Platform;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The state survives the store byte for byte, in the current format and in the previous release's. */
class ConversationStateSerdeTest {

    @Test
    void roundTripKeepsEveryFieldAndOrder() {
        ConversationState state = sample();
        assertSame(ConversationStateSerde.decode(ConversationStateSerde.encode(state)), state);
    }

    @Test
    void readsTheFormatThePreviousReleaseWrote() throws IOException {
        ConversationState state = sample();
        assertSame(ConversationStateSerde.decode(formatOne(state)), state);
    }

    @Test
    void aLongConversationGrowsTheBuffer() {
        ConversationState state = new ConversationState("brand-é");
        for (int i = 0; i < 500; i++) {
            state.events.put("event-" + i, new SeenEvent(i, i % 2 == 0 ? Direction.INBOUND : Direction.OUTBOUND, "author-" + i));
        }
        assertSame(ConversationStateSerde.decode(ConversationStateSerde.encode(state)), state);
    }

    @Test
    void truncatedBytesAreASerializationError() {
        byte[] bytes = ConversationStateSerde.encode(sample());
        assertThatThrownBy(() -> ConversationStateSerde.decode(Arrays.copyOf(bytes, bytes.length / 2)))
                .isInstanceOf(SerializationException.class);
    }

    private static ConversationState sample() {
        Map<String, SeenEvent> events = new LinkedHashMap<>();
        events.put("e1", new SeenEvent(1, Direction.INBOUND, "customer-ü"));
        events.put("e2", new SeenEvent(2, Direction.OUTBOUND, "brand"));
        events.put("e0", new SeenEvent(1, Direction.INBOUND, "other"));
        Map<String, Wait> waits = new LinkedHashMap<>();
        waits.put("other", new Wait(1_700_000_000_000L, "e0", Platform.values()[1], true, false));
        waits.put("customer-ü", new Wait(1_700_000_100_000L, "e1", Platform.values()[0], false, false));
        return new ConversationState("brand", 2, 1_700_000_200_000L, events, waits,
                new LinkedHashSet<>(List.of("customer-ü", "x")));
    }

    private static void assertSame(ConversationState actual, ConversationState expected) {
        assertThat(actual.brandId()).isEqualTo(expected.brandId());
        assertThat(actual.maxTurn()).isEqualTo(expected.maxTurn());
        assertThat(actual.lastEventAt()).isEqualTo(expected.lastEventAt());
        assertThat(actual.events()).containsExactlyEntriesOf(expected.events());
        assertThat(actual.openWaits()).containsExactlyEntriesOf(expected.openWaits());
        assertThat(actual.customersAnswered).containsExactlyElementsOf(expected.customersAnswered);
    }

    /** The previous release's encoding, written as it wrote it. */
    private static byte[] formatOne(ConversationState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeUTF(state.brandId);
            out.writeInt(state.maxTurn);
            out.writeLong(state.lastEventAt);
            out.writeInt(state.events.size());
            for (Map.Entry<String, SeenEvent> e : state.events.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().turn());
                out.writeByte(e.getValue().direction().ordinal());
                out.writeUTF(e.getValue().authorId());
            }
            out.writeInt(state.openWaits.size());
            for (Map.Entry<String, Wait> w : state.openWaits.entrySet()) {
                out.writeUTF(w.getKey());
                out.writeLong(w.getValue().startedAt());
                out.writeUTF(w.getValue().eventId());
                out.writeByte(w.getValue().platform().ordinal());
                out.writeBoolean(w.getValue().breachReported());
            }
            out.writeInt(state.customersAnswered.size());
            for (String customer : state.customersAnswered) {
                out.writeUTF(customer);
            }
        }
        return bytes.toByteArray();
    }
}
