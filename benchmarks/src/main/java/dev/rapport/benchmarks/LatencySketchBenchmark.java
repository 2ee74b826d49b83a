package dev.rapport.benchmarks;

import dev.rapport.schema.Platform;
import dev.rapport.stats.BrandDelta;
import dev.rapport.stats.BrandWindowAccumulator;
import dev.rapport.stats.BrandWindowAccumulatorSerde;
import dev.rapport.stats.LatencySketch;
import dev.rapport.stats.WaitResult;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sketch insert and merge on response latencies spread like real ones (1 s to a day), and a brand
 * window holding such a sketch decoded, given one answer and encoded again: what the window store
 * pays for a window that one answer changed between two commits.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LatencySketchBenchmark {
    private final long[] latencies = new long[4096];
    private LatencySketch sketch;
    private LatencySketch window;
    private byte[] accumulatorBytes;
    private BrandDelta answer;
    private final BrandWindowAccumulatorSerde serde = new BrandWindowAccumulatorSerde();
    private int next;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < latencies.length; i++) {
            // Log-uniform between 1 s and 1 day: the range a brand's answers span.
            latencies[i] = Math.round(Math.exp(Math.log(1_000) + random.nextDouble() * Math.log(86_400)));
        }
        sketch = new LatencySketch();
        window = new LatencySketch();
        for (long latency : latencies) {
            window.add(latency);
        }
        BrandWindowAccumulator accumulator = new BrandWindowAccumulator();
        for (long latency : latencies) {
            accumulator.add(answerWith(latency));
        }
        accumulatorBytes = serde.serializer().serialize(null, accumulator);
        answer = answerWith(90_000);
    }

    @Benchmark
    public LatencySketch insert() {
        sketch.add(latencies[next]);
        next = (next + 1) & (latencies.length - 1);
        return sketch;
    }

    @Benchmark
    public LatencySketch merge() {
        LatencySketch target = new LatencySketch();
        target.mergeWith(window);
        return target;
    }

    @Benchmark
    public byte[] windowUpdateWithSample() {
        BrandWindowAccumulator accumulator = serde.deserializer().deserialize(null, accumulatorBytes);
        return serde.serializer().serialize(null, accumulator.add(answer));
    }

    private static BrandDelta answerWith(long latency) {
        // An answer as the topology sends it: the sample, its wait's outcome, and who answered.
        Platform platform = Platform.TWITTER;
        return new BrandDelta(platform, false, false, new long[] {latency}, new long[0], new long[0], new int[0], 0, 0, 1,
                true, 0, List.of(new WaitResult(platform, WaitResult.Outcome.ANSWERED_IN_TIME, latency, true, false, false)),
                false, "agent");
    }
}
