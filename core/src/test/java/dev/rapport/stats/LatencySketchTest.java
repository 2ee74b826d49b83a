package dev.rapport.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.LogarithmicMapping;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The sketch answers exactly as a DDSketch fed the same samples, also after its bytes are read back
 * (DDSketch's encoding writes a dense or a sparse store, whichever is smaller).
 */
class LatencySketchTest {
    private static final double[] QUANTILES = {0, 0.1, 0.5, 0.9, 0.99, 1};

    @Test
    void quantilesAreThoseOfADDSketchWithTheSameSamples() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 50; round++) {
            LatencySketch sketch = new LatencySketch();
            DDSketch reference =
                    new DDSketch(new LogarithmicMapping(LatencySketch.RELATIVE_ACCURACY), UnboundedSizeDenseStore::new);
            for (int i = random.nextInt(1, 300); i > 0; i--) {
                long latency =
                        random.nextInt(10) == 0 ? 0 : (long) Math.exp(random.nextDouble() * Math.log(86_400_000L));
                sketch.add(latency);
                reference.accept(latency);
            }
            assertSameAs(sketch, reference);
            assertSameAs(roundTrip(sketch), reference);
        }
    }

    @Test
    void samplesAddedToASketchReadFromBytesCountInEveryLayout() {
        SplittableRandom random = new SplittableRandom(11);
        for (int samples : new int[] {1, 3, 40, 5_000}) {
            LatencySketch sketch = new LatencySketch();
            DDSketch reference =
                    new DDSketch(new LogarithmicMapping(LatencySketch.RELATIVE_ACCURACY), UnboundedSizeDenseStore::new);
            for (int i = 0; i < samples; i++) {
                long latency = 1_000 + random.nextLong(120_000);
                sketch.add(latency);
                reference.accept(latency);
            }
            for (int update = 0; update < 20; update++) {
                sketch = roundTrip(sketch);
                // Inside the range (in place for a dense sketch), zero, and far outside it.
                long latency = update % 5 == 0 ? 0 : update % 7 == 0 ? 50_000_000L : 1_000 + random.nextLong(120_000);
                sketch.add(latency);
                reference.accept(latency);
            }
            assertSameAs(roundTrip(sketch), reference);
            assertThat(roundTrip(sketch).max()).isEqualTo(50_000_000L);
        }
    }

    @Test
    void mergeAddsUpBothSides() {
        LatencySketch left = new LatencySketch();
        LatencySketch right = new LatencySketch();
        DDSketch reference =
                new DDSketch(new LogarithmicMapping(LatencySketch.RELATIVE_ACCURACY), UnboundedSizeDenseStore::new);
        for (long latency : new long[] {0, 5, 1_000, 60_000, 3_600_000}) {
            left.add(latency);
            reference.accept(latency);
        }
        for (long latency : new long[] {1, 2, 7_200_000}) {
            right.add(latency);
            reference.accept(latency);
        }
        left.mergeWith(right);
        assertSameAs(left, reference);
        assertThat(left.max()).isEqualTo(7_200_000L);
    }

    @Test
    void anEmptySketchHasNoQuantilesInAnyFormat() {
        LatencySketch empty = roundTrip(new LatencySketch());
        assertThat(empty.count()).isZero();
        assertThat(empty.quantile(0.5)).isNull();
        assertThat(empty.max()).isNull();
    }

    @Test
    void bytesThatAreNotASketchAreRejected() {
        // A length beyond the buffer, a body that is not DDSketch's encoding, a sketch without samples.
        for (String hex : new String[] {"05010203", "0301ff07", "0105"}) {
            ByteBuffer bytes = ByteBuffer.wrap(HexFormat.of().parseHex(hex));
            assertThatThrownBy(() -> LatencySketch.readFrom(bytes)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static void assertSameAs(LatencySketch sketch, DDSketch reference) {
        assertThat(sketch.count()).isEqualTo((long) reference.getCount());
        for (double q : QUANTILES) {
            assertThat(sketch.quantile(q)).as("q=%s", q).isEqualTo(Math.round(reference.getValueAtQuantile(q)));
        }
    }

    private static LatencySketch roundTrip(LatencySketch sketch) {
        ByteBuffer buffer = ByteBuffer.allocate(sketch.maxEncodedSize());
        sketch.writeTo(buffer);
        return LatencySketch.readFrom(buffer.flip());
    }
}
