package dev.rapport.benchmarks;

import dev.rapport.stats.LatencySketch;
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

/** Sketch insert, merge and byte round trip on response latencies spread like real ones (seconds to a day). */
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
    private byte[] windowBytes;
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
        windowBytes = window.toBytes();
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
    public LatencySketch bytesRoundTrip() {
        return LatencySketch.fromBytes(window.toBytes());
    }

    @Benchmark
    public LatencySketch decode() {
        return LatencySketch.fromBytes(windowBytes);
    }
}
