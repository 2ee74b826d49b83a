package dev.rapport.stats;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.mapping.LogarithmicMapping;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Latency samples of one brand window: a DDSketch with 1% relative accuracy (mergeable across
 * windows and instances) plus the exact maximum, which the sketch only approximates.
 *
 * <p>Quantile q is the sample of rank floor(q * (n - 1)) in ascending order (0-based), within 1%:
 * that is DDSketch's definition, and the tests derive expected values the same way.
 */
public final class LatencySketch {
    static final double RELATIVE_ACCURACY = 0.01;
    private static final IndexMapping MAPPING = new LogarithmicMapping(RELATIVE_ACCURACY);

    private final DDSketch sketch;
    private long max;

    public LatencySketch() {
        this(new DDSketch(MAPPING, UnboundedSizeDenseStore::new), 0);
    }

    private LatencySketch(DDSketch sketch, long max) {
        this.sketch = sketch;
        this.max = max;
    }

    public void add(long latencyMs) {
        if (latencyMs < 0) {
            throw new IllegalArgumentException("latency must not be negative: " + latencyMs);
        }
        sketch.accept(latencyMs);
        max = Math.max(max, latencyMs);
    }

    public void mergeWith(LatencySketch other) {
        sketch.mergeWith(other.sketch);
        max = Math.max(max, other.max);
    }

    public long count() {
        return (long) sketch.getCount();
    }

    /** The q-quantile in whole milliseconds, or null when there are no samples. */
    public Long quantile(double q) {
        return sketch.isEmpty() ? null : Math.round(sketch.getValueAtQuantile(q));
    }

    /** The exact largest sample, or null when there are no samples. */
    public Long max() {
        return sketch.isEmpty() ? null : max;
    }

    public byte[] toBytes() {
        GrowingByteArrayOutput out = GrowingByteArrayOutput.withDefaultInitialCapacity();
        try {
            sketch.encode(out, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] encoded = out.trimmedCopy();
        byte[] bytes = new byte[Long.BYTES + encoded.length];
        java.nio.ByteBuffer.wrap(bytes).putLong(max).put(encoded);
        return bytes;
    }

    public static LatencySketch fromBytes(byte[] bytes) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
        long max = buffer.getLong();
        try {
            DDSketch sketch = DDSketch.decode(
                    ByteArrayInput.wrap(bytes, Long.BYTES, bytes.length - Long.BYTES),
                    UnboundedSizeDenseStore::new, MAPPING);
            return new LatencySketch(sketch, max);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt latency sketch", e);
        }
    }
}
