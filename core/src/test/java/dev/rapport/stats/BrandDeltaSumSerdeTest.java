package dev.rapport.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.schema.BrandWindowStats;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The {@code brand-deltas} repartition format: sums round-trip, and the bytes are a contract,
 * because records one release leaves in the topic are read by the next. The sample record's bytes
 * are the topic's format byte and then the window store's pinned bytes of the same accumulator
 * ({@link BrandWindowAccumulatorSerdeTest}).
 */
class BrandDeltaSumSerdeTest {
    private static final String SAMPLE_BYTES = "01" + BrandWindowAccumulatorSerdeTest.SAMPLE_BYTES;

    private final BrandDeltaSumSerde serde = new BrandDeltaSumSerde();

    @Test
    void theSampleIsEncodedAsItsPinnedBytes() {
        assertThat(HexFormat.of().formatHex(serde.serializer().serialize("t", SampleAccumulator.build())))
                .isEqualTo(SAMPLE_BYTES);
    }

    @Test
    void thePinnedBytesDecodeToTheSample() {
        BrandWindowAccumulator decoded =
                serde.deserializer().deserialize("t", HexFormat.of().parseHex(SAMPLE_BYTES));
        assertThat(stats(decoded)).isEqualTo(stats(SampleAccumulator.build()));
    }

    @Test
    void sumsRoundTrip() {
        SplittableRandom random = new SplittableRandom(9);
        for (int round = 0; round < 100; round++) {
            BrandWindowAccumulator sum = new BrandWindowAccumulator();
            for (int i = random.nextInt(0, 50); i > 0; i--) {
                sum.add(RandomDeltas.next(random));
            }
            byte[] bytes = serde.serializer().serialize("t", sum);
            assertThat(bytes[0]).isEqualTo(BrandDeltaSumSerde.FORMAT);
            assertThat(stats(serde.deserializer().deserialize("t", bytes))).isEqualTo(stats(sum));
        }
    }

    @Test
    void unreadableRecordsAreSerializationErrors() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[0]))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {7, 0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("format 7");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {3, 0, 0, 0}))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {3, 99, 0, 0, 0, 0, 0}))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {BrandDeltaSumSerde.FORMAT, 3, -1}))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {BrandDeltaSumSerde.FORMAT}))
                .isInstanceOf(SerializationException.class);
    }

    private static BrandWindowStats stats(BrandWindowAccumulator acc) {
        return acc.toStats("acme", 0, 60_000);
    }
}
