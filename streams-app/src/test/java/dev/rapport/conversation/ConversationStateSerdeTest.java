package dev.rapport.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.conversation.ConversationState.SeenEvent;
import dev.rapport.conversation.ConversationState.Wait;
import dev.rapport.alert.AlertThresholds;
import dev.rapport.policy.Policy;
import dev.rapport.policy.SlaTerms;
import dev.rapport.schema.Direction;
import dev.rapport.schema.Platform;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The state survives the store byte for byte, in the current format and in the previous releases'. */
class ConversationStateSerdeTest {
    /** The one SLA waits had before they kept their own terms: 1 h, warning at 80 %, horizon 24 h. */
    private static final Policy LEGACY = new Policy(Duration.ofHours(1), Duration.ofHours(24), AlertThresholds.defaults(),
            Optional.empty(), Policy.DEFAULT_REVISION);

    @Test
    void roundTripKeepsEveryFieldAndOrder() {
        ConversationState state = sample();
        assertSame(ConversationStateSerde.decode(ConversationStateSerde.encode(state), LEGACY), state);
    }

    @Test
    void readsFormatOneWithTheLegacyPolicysTerms() throws IOException {
        ConversationState state = legacySample();
        assertSame(ConversationStateSerde.decode(formatOne(state), LEGACY), state);
    }

    @Test
    void readsFormatTwoWithTheLegacyPolicysTerms() {
        ConversationState state = legacySample();
        assertSame(ConversationStateSerde.decode(formatTwo(state), LEGACY), state);
    }

    @Test
    void readsFormatThreeWithTheLegacyPolicysHorizon() {
        ConversationState state = sample();
        ConversationState decoded = ConversationStateSerde.decode(formatThree(state), LEGACY);
        // Format 3 kept each wait's SLA terms but had no horizon, no unanswered flag and no broadcast marks.
        Wait other = state.openWaits.get("other");
        assertThat(decoded.openWaits().get("other")).isEqualTo(new Wait(other.startedAt(), other.eventId(),
                other.platform(), true, false, false, LEGACY.termsFor(other.startedAt())));
        // The business-time wait's own SLA deadline is later than the legacy horizon: the horizon moves up to it.
        assertThat(decoded.openWaits().get("customer-ü").terms()).isEqualTo(new SlaTerms(1_800_000, 900_000,
                86_400_000, 1_700_050_000_000L, 1_700_090_000_000L, 1_700_090_000_000L, true));
        assertThat(decoded.events().get("b1").awaitingReply()).isFalse();
    }

    @Test
    void aWaitKeepsItsOwnBusinessTimeTerms() {
        ConversationState state = sample();
        ConversationState decoded = ConversationStateSerde.decode(ConversationStateSerde.encode(state), LEGACY);
        assertThat(decoded.openWaits().get("customer-ü").terms()).isEqualTo(new SlaTerms(1_800_000, 900_000,
                7_200_000, 1_700_050_000_000L, 1_700_090_000_000L, 1_700_200_000_000L, true));
        assertThat(decoded.openWaits().get("customer-ü").horizonPassed()).isTrue();
        assertThat(decoded.events().get("b1").awaitingReply()).isTrue();
    }

    @Test
    void aLongConversationGrowsTheBuffer() {
        ConversationState state = new ConversationState("brand-é");
        for (int i = 0; i < 500; i++) {
            state.events.put("event-" + i, new SeenEvent(i, i % 2 == 0 ? Direction.INBOUND : Direction.OUTBOUND, "author-" + i,
                    i % 3 == 0));
        }
        assertSame(ConversationStateSerde.decode(ConversationStateSerde.encode(state), LEGACY), state);
    }

    @Test
    void truncatedBytesAreASerializationError() {
        byte[] bytes = ConversationStateSerde.encode(sample());
        assertThatThrownBy(() -> ConversationStateSerde.decode(Arrays.copyOf(bytes, bytes.length / 2), LEGACY))
                .isInstanceOf(SerializationException.class);
    }

    private static ConversationState sample() {
        Map<String, SeenEvent> events = new LinkedHashMap<>();
        events.put("e1", new SeenEvent(1, Direction.INBOUND, "customer-ü", false));
        events.put("e2", new SeenEvent(2, Direction.OUTBOUND, "brand", false));
        events.put("e0", new SeenEvent(1, Direction.INBOUND, "other", false));
        events.put("b1", new SeenEvent(1, Direction.OUTBOUND, "brand", true));
        Map<String, Wait> waits = new LinkedHashMap<>();
        waits.put("other", new Wait(1_700_000_000_000L, "e0", Platform.values()[1], true, false, false,
                LEGACY.termsFor(1_700_000_000_000L)));
        waits.put("customer-ü", new Wait(1_700_000_100_000L, "e1", Platform.values()[0], false, true, true,
                new SlaTerms(1_800_000, 900_000, 7_200_000, 1_700_050_000_000L, 1_700_090_000_000L,
                        1_700_200_000_000L, true)));
        return new ConversationState("brand", 2, 1_700_000_200_000L, events, waits,
                new LinkedHashSet<>(List.of("customer-ü", "x")));
    }

    /**
     * A state as the releases before format 3 could hold it: every wait under the one configured
     * SLA, no wait decided unanswered, no broadcast marked as awaiting a reply.
     */
    private static ConversationState legacySample() {
        ConversationState state = sample();
        state.openWaits.replaceAll((customer, w) -> new Wait(w.startedAt(), w.eventId(), w.platform(), w.breachReported(),
                w.warningReported(), false, LEGACY.termsFor(w.startedAt())));
        state.events.replaceAll((id, e) -> new SeenEvent(e.turn(), e.direction(), e.authorId(), false));
        return state;
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
                out.writeByte((w.getValue().breachReported() ? 1 : 0) | (w.getValue().warningReported() ? 2 : 0));
            }
            out.writeInt(state.customersAnswered.size());
            for (String customer : state.customersAnswered) {
                out.writeUTF(customer);
            }
        }
        return bytes.toByteArray();
    }

    /** Format 2 as the previous release wrote it: varints, no SLA terms. */
    private static byte[] formatTwo(ConversationState state) {
        ByteBuffer out = ByteBuffer.allocate(4096);
        out.put((byte) 2);
        utf8(out, state.brandId);
        varint(out, state.maxTurn);
        out.putLong(state.lastEventAt);
        varint(out, state.events.size());
        state.events.forEach((id, e) -> {
            utf8(out, id);
            varint(out, e.turn());
            out.put((byte) e.direction().ordinal());
            utf8(out, e.authorId());
        });
        varint(out, state.openWaits.size());
        state.openWaits.forEach((customer, w) -> {
            utf8(out, customer);
            out.putLong(w.startedAt());
            utf8(out, w.eventId());
            out.put((byte) w.platform().ordinal());
            out.put((byte) ((w.breachReported() ? 1 : 0) | (w.warningReported() ? 2 : 0)));
        });
        varint(out, state.customersAnswered.size());
        state.customersAnswered.forEach(c -> utf8(out, c));
        return Arrays.copyOf(out.array(), out.position());
    }

    /** Format 3 as the previous release wrote it: format 2 plus each wait's SLA terms, no horizon. */
    private static byte[] formatThree(ConversationState state) {
        ByteBuffer out = ByteBuffer.allocate(4096);
        out.put((byte) 3);
        utf8(out, state.brandId);
        varint(out, state.maxTurn);
        out.putLong(state.lastEventAt);
        varint(out, state.events.size());
        state.events.forEach((id, e) -> {
            utf8(out, id);
            varint(out, e.turn());
            out.put((byte) e.direction().ordinal());
            utf8(out, e.authorId());
        });
        varint(out, state.openWaits.size());
        state.openWaits.forEach((customer, w) -> {
            utf8(out, customer);
            out.putLong(w.startedAt());
            utf8(out, w.eventId());
            out.put((byte) w.platform().ordinal());
            out.put((byte) ((w.breachReported() ? 1 : 0) | (w.warningReported() ? 2 : 0)
                    | (w.terms().businessTime() ? 4 : 0)));
            varlong(out, w.terms().slaMs());
            varlong(out, w.terms().warningMs());
            varlong(out, w.terms().warningAt() - w.startedAt());
            varlong(out, w.terms().deadlineAt() - w.startedAt());
        });
        varint(out, state.customersAnswered.size());
        state.customersAnswered.forEach(c -> utf8(out, c));
        return Arrays.copyOf(out.array(), out.position());
    }

    private static void varlong(ByteBuffer out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.put((byte) value);
    }

    private static void utf8(ByteBuffer out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        varint(out, bytes.length);
        out.put(bytes);
    }

    private static void varint(ByteBuffer out, int value) {
        while ((value & ~0x7F) != 0) {
            out.put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.put((byte) value);
    }
}
