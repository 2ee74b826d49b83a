package dev.rapport.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.conversation.ConversationState.SeenEvent;
import dev.rapport.conversation.ConversationState.Wait;
import dev.rapport.policy.SlaTerms;
import dev.rapport.schema.Direction;
import dev.rapport.schema.Platform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The state survives the store byte for byte, and the bytes themselves are the contract of
 * {@code conversation-state} and its changelog: a release must restore what the previous one
 * wrote. The sample's bytes are written out below, section by section; if this test fails, the
 * format changed, and the change needs a new format byte and a reader for this one, not new
 * expected bytes.
 */
class ConversationStateSerdeTest {
    private static final String WAIT_OTHER = "056f746865720000018bcfe568000265300101";
    private static final String EVENT_E2 = "0265320201056272616e64";
    private static final String SAMPLE_BYTES = ""
            + "01" // format 1
            + "056272616e64020000018bcfe87540" // brand "brand", max turn 2, last event at 1_700_000_200_000
            + "04" // 4 events
            + "02653101000b637573746f6d65722dc3bc" // e1: turn 1, inbound, "customer-ü"
            + EVENT_E2 // e2: turn 2, outbound, "brand"
            + "0265300100056f74686572" // e0: turn 1, inbound, "other"
            + "0262310103056272616e64" // b1: turn 1, outbound awaiting a reply, "brand"
            + "02" // 2 waits
            + WAIT_OTHER // "other": started at 1_700_000_000_000, "e0", INSTAGRAM (code 1), breach reported
            + "80dddb0180e4af0180e4af0180dddb0180b8992980b89929" // SLA 1 h, warning 48 min, their offsets, horizon 24
            // h, its offset
            + "0b637573746f6d65722dc3bc0000018bcfe6eea0026531000e" // "customer-ü": "e1", TWITTER (code 0), warning,
            // business time, horizon passed
            + "c0ee6da0f736e0d3e517e087ef2a80bab703e0f6a85f" // SLA 30 min, warning 15 min, their offsets, horizon 2 h,
            // its offset
            + "020b637573746f6d65722dc3bc0178"; // customers answered: "customer-ü", "x"

    @Test
    void theSampleIsEncodedAsItsPinnedBytes() {
        assertThat(HexFormat.of().formatHex(ConversationStateSerde.encode(sample())))
                .isEqualTo(SAMPLE_BYTES);
    }

    @Test
    void thePinnedBytesDecodeToTheSample() {
        assertSame(ConversationStateSerde.decode(HexFormat.of().parseHex(SAMPLE_BYTES)), sample());
    }

    @Test
    void roundTripKeepsEveryFieldAndOrder() {
        ConversationState state = sample();
        assertSame(ConversationStateSerde.decode(ConversationStateSerde.encode(state)), state);
    }

    @Test
    void aWaitKeepsItsOwnBusinessTimeTerms() {
        ConversationState state = sample();
        ConversationState decoded = ConversationStateSerde.decode(ConversationStateSerde.encode(state));
        assertThat(decoded.openWaits().get("customer-ü").terms())
                .isEqualTo(new SlaTerms(
                        1_800_000,
                        900_000,
                        7_200_000,
                        1_700_050_000_000L,
                        1_700_090_000_000L,
                        1_700_200_000_000L,
                        true));
        assertThat(decoded.openWaits().get("customer-ü").horizonPassed()).isTrue();
        assertThat(decoded.events().get("b1").awaitingReply()).isTrue();
    }

    @Test
    void aLongConversationGrowsTheBuffer() {
        ConversationState state = new ConversationState("brand-é");
        for (int i = 0; i < 500; i++) {
            state.events.put(
                    "event-" + i,
                    new SeenEvent(i, i % 2 == 0 ? Direction.INBOUND : Direction.OUTBOUND, "author-" + i, i % 3 == 0));
        }
        assertSame(ConversationStateSerde.decode(ConversationStateSerde.encode(state)), state);
    }

    /** One call of {@link ConversationStateSerde.RestoredWait}. */
    private record Restored(
            String brandId, long startedAt, long deadlineAt, SlaDeadlineIndex.Kind pending, long pendingAt) {}

    @Test
    void theWaitsReadAloneAreTheFullDecodesWaits() {
        byte[] bytes = HexFormat.of().parseHex(SAMPLE_BYTES);
        ConversationState full = ConversationStateSerde.decode(bytes);
        List<Restored> expected = full.openWaits().values().stream()
                .map(wait -> {
                    SlaDeadlineIndex.Kind pending = SlaDeadlineIndex.Kind.pendingOf(wait);
                    return new Restored(
                            full.brandId(),
                            wait.startedAt(),
                            wait.terms().deadlineAt(),
                            pending,
                            pending == null ? 0 : pending.at(wait.terms()));
                })
                .toList();
        List<Restored> read = new ArrayList<>();

        long lastEventAt = ConversationStateSerde.readWaits(
                bytes,
                (brandId, startedAt, deadlineAt, pending, pendingAt) ->
                        read.add(new Restored(brandId, startedAt, deadlineAt, pending, pendingAt)));

        assertThat(lastEventAt).isEqualTo(1_700_000_200_000L);
        assertThat(read).containsExactlyElementsOf(expected);
        // "other" has had its breach reported, so its horizon is next; "customer-ü" her warning, so her breach.
        assertThat(read)
                .containsExactly(
                        new Restored(
                                "brand",
                                1_700_000_000_000L,
                                1_700_003_600_000L,
                                SlaDeadlineIndex.Kind.HORIZON,
                                1_700_086_400_000L),
                        new Restored(
                                "brand",
                                1_700_000_100_000L,
                                1_700_090_000_000L,
                                SlaDeadlineIndex.Kind.BREACH,
                                1_700_090_000_000L));
    }

    @Test
    void aConversationWithoutOpenWaitsReadsNone() {
        ConversationState state = sample();
        state.openWaits.clear();
        List<String> read = new ArrayList<>();

        long lastEventAt = ConversationStateSerde.readWaits(
                ConversationStateSerde.encode(state),
                (brandId, startedAt, deadlineAt, pending, pendingAt) -> read.add(brandId));

        assertThat(lastEventAt).isEqualTo(state.lastEventAt());
        assertThat(read).isEmpty();
    }

    @Test
    void theWaitsAloneRefuseWhatTheFullDecodeRefuses() {
        byte[] bytes = ConversationStateSerde.encode(sample());
        assertThatThrownBy(() -> readWaits(Arrays.copyOf(bytes, bytes.length / 2)))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> readWaits(HexFormat.of().parseHex("02" + SAMPLE_BYTES.substring(2))))
                .hasMessageContaining("format 2");
        assertThatThrownBy(() ->
                        readWaits(HexFormat.of().parseHex(SAMPLE_BYTES.replace(EVENT_E2, "0265320205056272616e64"))))
                .hasMessageContaining("event flags");
        assertThatThrownBy(() -> readWaits(HexFormat.of()
                        .parseHex(SAMPLE_BYTES.replace(WAIT_OTHER, "056f746865720000018bcfe568000265300111"))))
                .hasMessageContaining("wait flags");
    }

    private static long readWaits(byte[] bytes) {
        return ConversationStateSerde.readWaits(bytes, (brandId, startedAt, deadlineAt, pending, pendingAt) -> {});
    }

    @Test
    void truncatedBytesAreASerializationError() {
        byte[] bytes = ConversationStateSerde.encode(sample());
        assertThatThrownBy(() -> ConversationStateSerde.decode(Arrays.copyOf(bytes, bytes.length / 2)))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> ConversationStateSerde.decode(new byte[0])).isInstanceOf(SerializationException.class);
    }

    @Test
    void anUnknownFormatPlatformOrFlagIsASerializationError() {
        assertThatThrownBy(() -> decodeHex("02" + SAMPLE_BYTES.substring(2)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("format 2");
        assertThatThrownBy(() -> decodeHex(SAMPLE_BYTES.replace(WAIT_OTHER, "056f746865720000018bcfe568000265300a01")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("platform code 10");
        assertThatThrownBy(() -> decodeHex(SAMPLE_BYTES.replace(WAIT_OTHER, "056f746865720000018bcfe568000265300111")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("wait flags");
        assertThatThrownBy(() -> decodeHex(SAMPLE_BYTES.replace(EVENT_E2, "0265320205056272616e64")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("event flags");
    }

    private static ConversationState decodeHex(String hex) {
        return ConversationStateSerde.decode(HexFormat.of().parseHex(hex));
    }

    /** Every field set, both directions, every wait flag, both SLA clocks and a non-ASCII id. */
    private static ConversationState sample() {
        Map<String, SeenEvent> events = new LinkedHashMap<>();
        events.put("e1", new SeenEvent(1, Direction.INBOUND, "customer-ü", false));
        events.put("e2", new SeenEvent(2, Direction.OUTBOUND, "brand", false));
        events.put("e0", new SeenEvent(1, Direction.INBOUND, "other", false));
        events.put("b1", new SeenEvent(1, Direction.OUTBOUND, "brand", true));
        Map<String, Wait> waits = new LinkedHashMap<>();
        long otherStart = 1_700_000_000_000L;
        waits.put(
                "other",
                new Wait(
                        otherStart,
                        "e0",
                        Platform.INSTAGRAM,
                        true,
                        false,
                        false,
                        new SlaTerms(
                                3_600_000,
                                2_880_000,
                                86_400_000,
                                otherStart + 2_880_000,
                                otherStart + 3_600_000,
                                otherStart + 86_400_000,
                                false)));
        waits.put(
                "customer-ü",
                new Wait(
                        1_700_000_100_000L,
                        "e1",
                        Platform.TWITTER,
                        false,
                        true,
                        true,
                        new SlaTerms(
                                1_800_000,
                                900_000,
                                7_200_000,
                                1_700_050_000_000L,
                                1_700_090_000_000L,
                                1_700_200_000_000L,
                                true)));
        return new ConversationState(
                "brand", 2, 1_700_000_200_000L, events, waits, new LinkedHashSet<>(List.of("customer-ü", "x")));
    }

    private static void assertSame(ConversationState actual, ConversationState expected) {
        assertThat(actual.brandId()).isEqualTo(expected.brandId());
        assertThat(actual.maxTurn()).isEqualTo(expected.maxTurn());
        assertThat(actual.lastEventAt()).isEqualTo(expected.lastEventAt());
        assertThat(actual.events()).containsExactlyEntriesOf(expected.events());
        assertThat(actual.openWaits()).containsExactlyEntriesOf(expected.openWaits());
        assertThat(actual.customersAnswered).containsExactlyElementsOf(expected.customersAnswered);
    }
}
