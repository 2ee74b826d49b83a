package dev.rapport.stats;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.mapping.LogarithmicMapping;
import com.datadoghq.sketch.ddsketch.store.Store;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import java.nio.ByteBuffer;

/**
 * Latency samples of one brand window: a DDSketch with 1% relative accuracy (mergeable across
 * windows and instances) plus the exact maximum, which the sketch only approximates.
 *
 * <p>Quantile q is the sample of rank floor(q * (n - 1)) in ascending order (0-based), within 1%:
 * that is DDSketch's definition, and the tests derive expected values the same way.
 *
 * <p>The bins are kept here as exact integer counts over DDSketch's own index mapping, and a
 * DDSketch is built from them only when a quantile is asked for. The window store decodes and
 * re-encodes the sketch on every update; DDSketch's decoder grows its dense store one bin at a
 * time and its encoder writes counts as var-doubles, which together were the largest cost of the
 * whole topology. Same mapping, same bins, same counts: the quantiles are DDSketch's.
 *
 * <p>Most updates of a brand window carry no latency sample (every inbound message, every
 * broadcast), so a sketch read from the store stays as its bytes until a sample is added or a
 * quantile is asked for, and is written back as the same bytes when nothing changed; a sample
 * that falls in a dense sketch's range is added to the bytes directly.
 */
public final class LatencySketch {
    static final double RELATIVE_ACCURACY = 0.01;
    private static final IndexMapping MAPPING = new LogarithmicMapping(RELATIVE_ACCURACY);
    /** What DDSketch counts as zero instead of indexing (its default minimum indexed value). */
    private static final double MIN_INDEXED_VALUE = Math.max(0, MAPPING.minIndexableValue());

    private static final long[] NO_BINS = new long[0];
    /**
     * At 1% accuracy every positive long fits in about 2,200 bins; a wider span can only come from
     * corrupt bytes, and must not become a huge allocation.
     */
    private static final long MAX_SPAN = 1 << 16;
    /** Extra bins allocated when the range grows; 32 bins at 1% accuracy span a factor of about 1.9. */
    private static final int GROWTH_HEADROOM = 32;

    private static final byte SPARSE = 0;
    private static final byte DENSE = 1;
    private static final int DENSE_MAX_AT = 1;
    private static final int DENSE_ZERO_AT = DENSE_MAX_AT + Long.BYTES;
    private static final int DENSE_MIN_INDEX_AT = DENSE_ZERO_AT + Long.BYTES;
    private static final int DENSE_BINS_AT = DENSE_MIN_INDEX_AT + Integer.BYTES;
    private static final int DENSE_COUNTS_AT = DENSE_BINS_AT + Integer.BYTES;

    /** The sketch's encoded bins as read, or null once decoded: then the fields below hold it. */
    private byte[] encoded;

    private long zeroCount;
    /** Counts of bins minIndex .. minIndex + counts.length - 1. */
    private long[] counts;

    private int minIndex;
    private long count;
    private long max;
    private DDSketch quantileView;

    public LatencySketch() {
        this(NO_BINS, 0, 0, 0, 0);
    }

    private LatencySketch(long[] counts, int minIndex, long zeroCount, long count, long max) {
        this.counts = counts;
        this.minIndex = minIndex;
        this.zeroCount = zeroCount;
        this.count = count;
        this.max = max;
    }

    public void add(long latencyMs) {
        if (latencyMs < 0) {
            throw new IllegalArgumentException("latency must not be negative: " + latencyMs);
        }
        if (addInPlace(latencyMs)) {
            return;
        }
        decode();
        if (latencyMs > MIN_INDEXED_VALUE) {
            addToBin(MAPPING.index(latencyMs), 1);
        } else {
            zeroCount++;
        }
        count++;
        max = Math.max(max, latencyMs);
        quantileView = null;
        encoded = null;
    }

    public void mergeWith(LatencySketch other) {
        other.decode();
        if (other.count == 0) {
            // Most partial windows carry no samples: leave this sketch's bytes undecoded.
            return;
        }
        decode();
        if (other.counts.length > 0) {
            coverIndexes(other.minIndex, other.minIndex + other.counts.length - 1);
        }
        for (int i = 0; i < other.counts.length; i++) {
            if (other.counts[i] > 0) {
                addToBin(other.minIndex + i, other.counts[i]);
            }
        }
        zeroCount += other.zeroCount;
        count += other.count;
        max = Math.max(max, other.max);
        quantileView = null;
        encoded = null;
    }

    private void addToBin(int index, long n) {
        coverIndexes(index, index);
        counts[index - minIndex] += n;
    }

    /**
     * Widens the bins to cover {@code low..high}, with headroom on the growing side: samples arrive
     * one at a time, and growing by exactly one bin would copy the array for every new bin.
     */
    private void coverIndexes(int low, int high) {
        if (counts.length == 0) {
            counts = new long[high - low + 1];
            minIndex = low;
            return;
        }
        int currentHigh = minIndex + counts.length - 1;
        if (low >= minIndex && high <= currentHigh) {
            return;
        }
        int newLow = low < minIndex ? low - GROWTH_HEADROOM : minIndex;
        int newHigh = high > currentHigh ? high + GROWTH_HEADROOM : currentHigh;
        long[] wider = new long[newHigh - newLow + 1];
        System.arraycopy(counts, 0, wider, minIndex - newLow, counts.length);
        counts = wider;
        minIndex = newLow;
    }

    public long count() {
        decode();
        return count;
    }

    /** The q-quantile in whole milliseconds, or null when there are no samples. */
    public Long quantile(double q) {
        decode();
        return count == 0 ? null : Math.round(quantileView().getValueAtQuantile(q));
    }

    /** The exact largest sample, or null when there are no samples. */
    public Long max() {
        decode();
        return count == 0 ? null : max;
    }

    private DDSketch quantileView() {
        if (quantileView == null) {
            DDSketch sketch = new DDSketch(MAPPING, UnboundedSizeDenseStore::new);
            if (zeroCount > 0) {
                sketch.accept(0, zeroCount);
            }
            Store bins = sketch.getPositiveValueStore();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    bins.add(minIndex + i, counts[i]);
                }
            }
            quantileView = sketch;
        }
        return quantileView;
    }

    /** Upper bound of {@link #writeTo}'s output, for sizing the buffer. */
    int maxEncodedSize() {
        return VarInts.MAX_INT_BYTES + (encoded != null ? encoded.length : maxBodySize());
    }

    private int maxBodySize() {
        return 1
                + 4 * VarInts.MAX_LONG_BYTES
                + 2 * VarInts.MAX_INT_BYTES
                + counts.length * (VarInts.MAX_INT_BYTES + VarInts.MAX_LONG_BYTES);
    }

    /** Writes the body's length, then the body: {@link #readFrom} can take it without parsing it. */
    void writeTo(ByteBuffer out) {
        if (encoded != null) {
            VarInts.putLong(out, encoded.length);
            out.put(encoded);
            return;
        }
        ByteBuffer body = ByteBuffer.allocate(maxBodySize());
        writeBody(body);
        VarInts.putLong(out, body.position());
        out.put(body.array(), 0, body.position());
    }

    /**
     * One of two layouts, whichever is smaller, favouring dense up to twice the size:
     * sparse = max, zero count, then the non-empty bins as (gap from the previous index, count),
     * a few bytes for a window with a handful of samples; dense = fixed-width max, zero count,
     * first index, bin count and 4-byte counts, which {@link #addInPlace} updates without decoding.
     * A busy brand's window fills most of its bins, so it gets the dense layout and each new
     * sample costs a few bytes' change instead of re-reading and re-writing every bin.
     */
    private void writeBody(ByteBuffer out) {
        int start = out.position();
        writeSparse(out);
        int sparseSize = out.position() - start;
        int nonEmpty = counts.length == 0 ? 0 : nonEmptyBins();
        if (nonEmpty == 0) {
            return;
        }
        int first = firstNonEmpty();
        int last = lastNonEmpty();
        int denseSize = DENSE_COUNTS_AT + Integer.BYTES * (last - first + 1);
        if (denseSize <= 2 * sparseSize && fitsDense(first, last)) {
            out.position(start);
            out.put(DENSE)
                    .putLong(max)
                    .putLong(zeroCount)
                    .putInt(minIndex + first)
                    .putInt(last - first + 1);
            for (int i = first; i <= last; i++) {
                out.putInt((int) counts[i]);
            }
        }
    }

    private void writeSparse(ByteBuffer out) {
        int nonEmpty = counts.length == 0 ? 0 : nonEmptyBins();
        out.put(SPARSE);
        VarInts.putLong(out, max);
        VarInts.putLong(out, zeroCount);
        VarInts.putLong(out, nonEmpty);
        if (nonEmpty == 0) {
            return;
        }
        int first = firstNonEmpty();
        int last = lastNonEmpty();
        VarInts.putSignedInt(out, minIndex + first);
        VarInts.putLong(out, last - first);
        int previous = first;
        for (int i = first; i <= last; i++) {
            if (counts[i] > 0) {
                VarInts.putLong(out, i - previous);
                VarInts.putLong(out, counts[i]);
                previous = i;
            }
        }
    }

    private boolean fitsDense(int first, int last) {
        for (int i = first; i <= last; i++) {
            if (counts[i] > Integer.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }

    private int nonEmptyBins() {
        int nonEmpty = 0;
        for (long c : counts) {
            nonEmpty += c > 0 ? 1 : 0;
        }
        return nonEmpty;
    }

    /** Adds a sample to a still-encoded dense sketch; false when it must be decoded first. */
    private boolean addInPlace(long latencyMs) {
        if (encoded == null || encoded[0] != DENSE) {
            return false;
        }
        ByteBuffer bytes = ByteBuffer.wrap(encoded);
        if (latencyMs > MIN_INDEXED_VALUE) {
            int offset = MAPPING.index(latencyMs) - bytes.getInt(DENSE_MIN_INDEX_AT);
            if (offset < 0 || offset >= bytes.getInt(DENSE_BINS_AT)) {
                return false;
            }
            int at = DENSE_COUNTS_AT + Integer.BYTES * offset;
            int binCount = bytes.getInt(at);
            if (binCount == Integer.MAX_VALUE) {
                return false;
            }
            bytes.putInt(at, binCount + 1);
        } else {
            bytes.putLong(DENSE_ZERO_AT, bytes.getLong(DENSE_ZERO_AT) + 1);
        }
        bytes.putLong(DENSE_MAX_AT, Math.max(bytes.getLong(DENSE_MAX_AT), latencyMs));
        return true;
    }

    static LatencySketch readFrom(ByteBuffer in) {
        long length = VarInts.getLong(in);
        if (length < 1 || length > in.remaining()) {
            throw new IllegalArgumentException("corrupt latency sketch: length " + length);
        }
        byte[] body = new byte[(int) length];
        in.get(body);
        if (body[0] != SPARSE && body[0] != DENSE) {
            throw new IllegalArgumentException("corrupt latency sketch: layout " + body[0]);
        }
        LatencySketch sketch = new LatencySketch();
        sketch.encoded = body;
        return sketch;
    }

    private void decode() {
        if (encoded == null) {
            return;
        }
        ByteBuffer in = ByteBuffer.wrap(encoded);
        if (in.get() == DENSE) {
            decodeDense(in);
        } else {
            decodeSparse(in);
        }
        encoded = null;
    }

    private void decodeDense(ByteBuffer in) {
        max = in.getLong();
        zeroCount = in.getLong();
        minIndex = in.getInt();
        int bins = in.getInt();
        if (bins < 1 || bins > MAX_SPAN + 1 || bins * Integer.BYTES != in.remaining()) {
            throw new IllegalArgumentException("corrupt latency sketch: " + bins + " dense bins");
        }
        counts = new long[bins];
        count = zeroCount;
        for (int i = 0; i < bins; i++) {
            counts[i] = in.getInt();
            count += counts[i];
        }
    }

    private void decodeSparse(ByteBuffer in) {
        max = VarInts.getLong(in);
        zeroCount = VarInts.getLong(in);
        count = zeroCount;
        long nonEmpty = VarInts.getLong(in);
        if (nonEmpty > 0) {
            minIndex = VarInts.getSignedInt(in);
            long span = VarInts.getLong(in);
            if (span < nonEmpty - 1 || span > MAX_SPAN) {
                throw new IllegalArgumentException("corrupt latency sketch: span " + span);
            }
            counts = new long[(int) span + 1];
            int position = 0;
            for (long i = 0; i < nonEmpty; i++) {
                position += (int) VarInts.getLong(in);
                if (position > span) {
                    throw new IllegalArgumentException("corrupt latency sketch: bin outside its span");
                }
                long binCount = VarInts.getLong(in);
                counts[position] = binCount;
                count += binCount;
            }
        }
    }

    private int firstNonEmpty() {
        int i = 0;
        while (counts[i] == 0) {
            i++;
        }
        return i;
    }

    private int lastNonEmpty() {
        int i = counts.length - 1;
        while (counts[i] == 0) {
            i--;
        }
        return i;
    }
}
