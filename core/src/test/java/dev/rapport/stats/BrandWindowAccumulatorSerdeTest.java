package dev.rapport.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.Platform;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The bytes of {@code brand-window-stats} and its changelog are a contract: a release must restore
 * what the previous one wrote. The sample window's bytes are written out below; if this test
 * fails, the format changed (the latency sketches' included), and the change needs a new format
 * byte and a reader for this one, not new expected bytes.
 */
class BrandWindowAccumulatorSerdeTest {
    static final String SAMPLE_BYTES = ""
            + "01" // format 1
            + "0203010102" // inbound 2, outbound 3, broadcasts 1, negative latencies 1, abandoned waits 2
            // A sketch: its length, the exact max, then DDSketch's encoding without the index mapping:
            // zero count (flag 04, var-double), positive store (flag 05: bin count, then zig-zag
            // index deltas and var-double counts; flag 0d: bin count, first index, index step, counts).
            + "0e" + "a0c7bd03" + "0402"
            + "0502f40802b80302" // responses: 14 bytes, max 7_300_000, 1 zero, bins 570 and 790 once each
            + "08" + "90bf05" + "0501f40802" // first responses: 8 bytes, max 90_000, bin 570 once
            + "03020104010601" // depth levels reached: 3 levels, 1, 2 and 3 (zig-zag), once each
            + "0200010101" // waits opened: TWITTER (code 0) 1, INSTAGRAM (code 1) 1
            + "0200020201" // waits answered: TWITTER 2, FACEBOOK (code 2) 1
            + "0a" + "e0d403" + "0402"
            + "0501cc0802" // business-time responses: 10 bytes, max 60_000, 1 zero, bin 550 once
            + "0302020101" // answered in time 3, unanswered 2, within SLA 2, broadcasts engaged 1, on another platform
            // 1
            + "01086167656e742dc3bc03" // 1 responder: "agent-ü", 3 messages
            + "05" // 5 platforms
            + "000102020002" // TWITTER: inbound 1, outbound 2, answered in time 2, unanswered 0, within SLA 2
            + "0a" + "90bf05" + "0402" + "0501f40802" // its responses: max 90_000, 1 zero, bin 570 once
            + "010100010000" // INSTAGRAM: inbound 1, outbound 0, answered in time 1
            + "09" + "a0c7bd03" + "0501ac0c02" // its responses: max 7_300_000, bin 790 once
            + "020001000000" // FACEBOOK: outbound 1
            + "00" // its responses: empty (no body)
            + "040000000100" // WHATSAPP (code 4): unanswered 1
            + "00" // its responses: empty
            + "070000000100" // EMAIL (code 7): unanswered 1
            + "00"; // its responses: empty
    /** A busy window's sketch: DDSketch writes its bins as contiguous counts. */
    private static final String DENSE_SAMPLE_BYTES = ""
            + "01" // format 1
            + "0001000000" // outbound 1, every other count 0
            + "11" + "bb08" // responses: 17 bytes, max 1_083
            + "0d" + "05" + "b205" + "02" // positive store, contiguous counts: 5 bins from index 345, step 1
            + "902d902d902d902d902d" // 300 in each (var-doubles)
            + "00" // first responses: empty
            + "00" // no depth levels reached
            + "00" // no waits opened
            + "0100dc0b" // waits answered: TWITTER 1_500
            + "00" // business-time responses: empty
            + "0000000000" // no outcomes, engaged broadcasts or answers on another platform
            + "00" // no responders
            + "01" + "00" + "0001000000" // 1 platform: TWITTER, outbound 1
            + "00"; // its responses: empty

    @Test
    void theSampleIsEncodedAsItsPinnedBytes() {
        assertThat(HexFormat.of().formatHex(BrandWindowAccumulatorSerde.encode(SampleAccumulator.build())))
                .isEqualTo(SAMPLE_BYTES);
    }

    @Test
    void thePinnedBytesDecodeToTheSample() {
        BrandWindowAccumulator decoded =
                BrandWindowAccumulatorSerde.decode(HexFormat.of().parseHex(SAMPLE_BYTES));
        assertThat(stats(decoded)).isEqualTo(stats(SampleAccumulator.build()));
    }

    @Test
    void aBusyWindowIsEncodedAsItsPinnedBytesBothWays() {
        assertThat(HexFormat.of().formatHex(BrandWindowAccumulatorSerde.encode(busyWindow())))
                .isEqualTo(DENSE_SAMPLE_BYTES);
        BrandWindowAccumulator decoded =
                BrandWindowAccumulatorSerde.decode(HexFormat.of().parseHex(DENSE_SAMPLE_BYTES));
        assertThat(stats(decoded)).isEqualTo(stats(busyWindow()));
    }

    @Test
    void anEncodingDoesNotDependOnWhatTheThreadEncodedBefore() {
        String busyFirst = HexFormat.of().formatHex(BrandWindowAccumulatorSerde.encode(busyWindow()));
        // The thread's buffer now holds the busy window's longer bytes beyond the sample's end.
        assertThat(HexFormat.of().formatHex(BrandWindowAccumulatorSerde.encode(SampleAccumulator.build())))
                .isEqualTo(SAMPLE_BYTES);
        assertThat(busyFirst).isEqualTo(DENSE_SAMPLE_BYTES);
    }

    @Test
    void anAccumulatorAfterOtherBytesDecodesFromItsOffset() {
        byte[] sample = HexFormat.of().parseHex(SAMPLE_BYTES);
        byte[] framed = new byte[sample.length + 3];
        System.arraycopy(sample, 0, framed, 3, sample.length);
        framed[0] = 0x7f;
        assertThat(stats(BrandWindowAccumulatorSerde.decode(framed, 3))).isEqualTo(stats(SampleAccumulator.build()));
        assertThat(BrandWindowAccumulatorSerde.encode(SampleAccumulator.build(), 3))
                .startsWith(0, 0, 0)
                .endsWith(sample)
                .hasSize(framed.length);
    }

    @Test
    void accumulatorsRoundTrip() {
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 100; round++) {
            BrandWindowAccumulator acc = new BrandWindowAccumulator();
            for (int i = random.nextInt(0, 50); i > 0; i--) {
                acc.add(RandomDeltas.next(random));
            }
            assertThat(stats(BrandWindowAccumulatorSerde.decode(BrandWindowAccumulatorSerde.encode(acc))))
                    .isEqualTo(stats(acc));
        }
    }

    @Test
    void unreadableBytesAreSerializationErrors() {
        byte[] sample = HexFormat.of().parseHex(SAMPLE_BYTES);
        assertThatThrownBy(() -> BrandWindowAccumulatorSerde.decode(new byte[0]))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> BrandWindowAccumulatorSerde.decode(Arrays.copyOf(sample, sample.length / 2)))
                .isInstanceOf(SerializationException.class);
        byte[] otherFormat = sample.clone();
        otherFormat[0] = 4;
        assertThatThrownBy(() -> BrandWindowAccumulatorSerde.decode(otherFormat))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("format 4");
        byte[] unknownPlatform = HexFormat.of().parseHex(SAMPLE_BYTES.replace("070000000100", "0a0000000100"));
        assertThatThrownBy(() -> BrandWindowAccumulatorSerde.decode(unknownPlatform))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("platform code 10");
    }

    /** 1,500 answers with latencies in five neighbouring bins of the sketch, 300 in each. */
    private static BrandWindowAccumulator busyWindow() {
        long[] latencies = new long[1_500];
        long[] bins = {1_000, 1_020, 1_041, 1_062, 1_083};
        for (int i = 0; i < latencies.length; i++) {
            latencies[i] = bins[i % bins.length];
        }
        return new BrandWindowAccumulator()
                .add(new BrandDelta(
                        Platform.TWITTER,
                        false,
                        false,
                        latencies,
                        new long[0],
                        new long[0],
                        new int[0],
                        0,
                        0,
                        latencies.length,
                        true,
                        0,
                        List.of(),
                        false,
                        null));
    }

    private static BrandWindowStats stats(BrandWindowAccumulator acc) {
        return acc.toStats("acme", 0, 60_000);
    }
}
