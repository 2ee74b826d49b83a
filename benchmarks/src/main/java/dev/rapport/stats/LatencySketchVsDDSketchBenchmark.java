package dev.rapport.stats;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.encoding.VarEncodingHelper;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.mapping.LogarithmicMapping;
import com.datadoghq.sketch.ddsketch.store.CollapsingLowestDenseStore;
import com.datadoghq.sketch.ddsketch.store.Store;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link LatencySketch}, through the methods the accumulator's serde uses, against plain DDSketch
 * (sketches-java's own dense stores and its own binary encoding, the index mapping left out of the
 * bytes as the format fixes it) on the operations a brand window's sketch goes through, for windows
 * of 10 to 10,000 log-normal latencies. When LatencySketch kept bins and a byte layout of its own,
 * these figures showed no clear gain for them, and it became a thin wrapper of DDSketch (figures in
 * docs/performance.md); now the benchmark shows what the wrapper costs over DDSketch alone.
 *
 * <p>Since the window store keeps changed windows live and writes them once per commit, each
 * changed window costs per commit: one decode of the stored bytes, merges of the sums that arrived
 * (each decoded from the repartition), one encode, and the quantile queries of its output record.
 * {@link #commitCycle} is that path for one sketch; the other benchmarks are its parts.
 *
 * <p>Both candidates use the logarithmic mapping at 1% relative accuracy, so they answer the same
 * quantiles; the DDSketch candidate keeps the exact maximum next to the sketch, as the output needs it.
 * Sizes and heap are measured by {@link SketchFootprint}.
 *
 * <p>Many short iterations, so that on a shared machine the median of a run's iterations can set
 * aside the ones another process disturbed ({@code -rf json} keeps every iteration's score).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar LatencySketchVsDDSketch -rf json -rff sketch.json</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 7, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Fork(1)
public class LatencySketchVsDDSketchBenchmark {
    /** Samples in a brand-deltas sum: a conversation task's answers of one brand window in one commit. */
    static final int SUM_SAMPLES = 10;

    @Param({"10", "100", "1000", "10000"})
    int samples;

    @Param({"latencySketch", "ddSketchUnboundedDense", "ddSketchCollapsingLowestDense"})
    String impl;

    private Candidate<Object> candidate;
    private final long[] stream = new long[4096];
    private int next;
    private Object window;
    private Object growing;
    private byte[] windowBytes;
    private byte[] sumBytes;

    @Setup
    @SuppressWarnings("unchecked")
    public void setUp() {
        candidate = (Candidate<Object>) Candidate.named(impl);
        SplittableRandom random = new SplittableRandom(42);
        window = candidate.of(Latencies.logNormal(random, samples));
        growing = candidate.of(Latencies.logNormal(random, samples));
        windowBytes = candidate.encode(window);
        sumBytes = candidate.encode(candidate.of(Latencies.logNormal(random, SUM_SAMPLES)));
        for (int i = 0; i < stream.length; i++) {
            stream[i] = Latencies.logNormal(random);
        }
    }

    /** One sample into a decoded sketch (the conversation task's pending sums take samples this way). */
    @Benchmark
    public Object add() {
        candidate.add(growing, stream[next]);
        next = (next + 1) & (stream.length - 1);
        return growing;
    }

    /** A sum read from the repartition (decoded) merged into a live window. */
    @Benchmark
    public Object mergeSumFromBytes() {
        candidate.merge(growing, candidate.decode(sumBytes));
        return growing;
    }

    /** The whole window merged into an empty sketch (a window read fresh, or a sum's first merge). */
    @Benchmark
    public Object mergeIntoEmpty() {
        Object target = candidate.empty();
        candidate.merge(target, window);
        return target;
    }

    @Benchmark
    public byte[] encode() {
        return candidate.encode(window);
    }

    /** Decode, then what the output record asks: count, p50, p90, p99 and the exact max. */
    @Benchmark
    public long decodeAndQuery() {
        return candidate.query(candidate.decode(windowBytes));
    }

    /** A changed window's sketch in one commit: decode the stored bytes, merge one sum, encode, query. */
    @Benchmark
    public long commitCycle() {
        Object sketch = candidate.decode(windowBytes);
        candidate.merge(sketch, candidate.decode(sumBytes));
        byte[] written = candidate.encode(sketch);
        return written.length + candidate.query(sketch);
    }

    /** Realistic response latencies in milliseconds. */
    static final class Latencies {
        private Latencies() {}

        /** Log-normal, median 5 minutes, sigma 1.5: 1% under 9 s, 1% over 2.7 h. */
        static long logNormal(SplittableRandom random) {
            double gaussian = gaussian(random);
            return Math.max(0, Math.round(Math.exp(Math.log(300_000) + 1.5 * gaussian)));
        }

        static long[] logNormal(SplittableRandom random, int n) {
            long[] values = new long[n];
            for (int i = 0; i < n; i++) {
                values[i] = logNormal(random);
            }
            return values;
        }

        private static double gaussian(SplittableRandom random) {
            // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
            double u = 1 - random.nextDouble();
            return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
        }
    }

    /** The operations a window's sketch needs, for one implementation. */
    interface Candidate<S> {
        S empty();

        void add(S sketch, long latencyMs);

        void merge(S target, S source);

        byte[] encode(S sketch);

        S decode(byte[] bytes);

        /** Count, p50, p90, p99 and max, summed so that none of them is optimised away. */
        long query(S sketch);

        default S of(long[] latencies) {
            S sketch = empty();
            for (long latency : latencies) {
                add(sketch, latency);
            }
            return sketch;
        }

        static Candidate<?> named(String name) {
            return switch (name) {
                case "latencySketch" -> new Custom();
                case "ddSketchUnboundedDense" -> new Plain(UnboundedSizeDenseStore::new);
                case "ddSketchCollapsingLowestDense" -> new Plain(() -> new CollapsingLowestDenseStore(Plain.MAX_BINS));
                default -> throw new IllegalArgumentException(name);
            };
        }
    }

    /** Rapport's own sketch, through the methods the accumulator's serde uses. */
    static final class Custom implements Candidate<LatencySketch> {
        @Override
        public LatencySketch empty() {
            return new LatencySketch();
        }

        @Override
        public void add(LatencySketch sketch, long latencyMs) {
            sketch.add(latencyMs);
        }

        @Override
        public void merge(LatencySketch target, LatencySketch source) {
            target.mergeWith(source);
        }

        @Override
        public byte[] encode(LatencySketch sketch) {
            ByteBuffer out = ByteBuffer.allocate(sketch.maxEncodedSize());
            sketch.writeTo(out);
            byte[] bytes = new byte[out.position()];
            out.flip().get(bytes);
            return bytes;
        }

        @Override
        public LatencySketch decode(byte[] bytes) {
            return LatencySketch.readFrom(ByteBuffer.wrap(bytes));
        }

        @Override
        public long query(LatencySketch sketch) {
            return sketch.count() + sketch.quantile(0.5) + sketch.quantile(0.9) + sketch.quantile(0.99) + sketch.max();
        }
    }

    /**
     * Plain DDSketch plus the exact maximum: the max as a varint, then DDSketch's own encoding
     * without the index mapping (fixed by the format), decoded with the same store.
     */
    static final class Plain implements Candidate<Plain.Sketch> {
        static final IndexMapping MAPPING = new LogarithmicMapping(LatencySketch.RELATIVE_ACCURACY);
        /** Every positive long fits in about 2,200 bins at 1%: this store never collapses a latency. */
        static final int MAX_BINS = 4096;
        private final Supplier<Store> stores;

        Plain(Supplier<Store> stores) {
            this.stores = stores;
        }

        static final class Sketch {
            DDSketch sketch;
            long max;

            Sketch(DDSketch sketch, long max) {
                this.sketch = sketch;
                this.max = max;
            }
        }

        @Override
        public Sketch empty() {
            return new Sketch(new DDSketch(MAPPING, stores), 0);
        }

        @Override
        public void add(Sketch s, long latencyMs) {
            s.sketch.accept(latencyMs);
            s.max = Math.max(s.max, latencyMs);
        }

        @Override
        public void merge(Sketch target, Sketch source) {
            target.sketch.mergeWith(source.sketch);
            target.max = Math.max(target.max, source.max);
        }

        @Override
        public byte[] encode(Sketch s) {
            try {
                GrowingByteArrayOutput out = GrowingByteArrayOutput.withDefaultInitialCapacity();
                VarEncodingHelper.encodeUnsignedVarLong(out, s.max);
                s.sketch.encode(out, true);
                return out.trimmedCopy();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Sketch decode(byte[] bytes) {
            try {
                ByteArrayInput in = ByteArrayInput.wrap(bytes);
                long max = VarEncodingHelper.decodeUnsignedVarLong(in);
                return new Sketch(DDSketch.decode(in, stores, MAPPING), max);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public long query(Sketch s) {
            DDSketch d = s.sketch;
            return (long) d.getCount() + Math.round(d.getValueAtQuantile(0.5)) + Math.round(d.getValueAtQuantile(0.9))
                    + Math.round(d.getValueAtQuantile(0.99)) + s.max;
        }
    }
}
