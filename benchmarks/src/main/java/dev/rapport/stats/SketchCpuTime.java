package dev.rapport.stats;

import dev.rapport.stats.LatencySketchVsDDSketchBenchmark.Candidate;
import dev.rapport.stats.LatencySketchVsDDSketchBenchmark.Latencies;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The per-commit operations of {@link LatencySketchVsDDSketchBenchmark}, timed in the thread's CPU
 * time instead of wall time: on a machine shared with other builds, JMH's wall-clock figures
 * varied several-fold between runs, while the CPU a thread spends on an operation barely depends
 * on what else runs. One candidate per JVM, so the JIT compiles each alone as JMH's forks do.
 * Prints the median of 9 rounds of 20,000 operations (after 3 rounds of warm-up), ns per operation.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.rapport.stats.SketchCpuTime latencySketch</pre>
 */
public final class SketchCpuTime {
    private static final int ROUNDS = 9;
    private static final int WARMUP_ROUNDS = 3;
    private static final int OPS = 20_000;
    private static long sink;

    private SketchCpuTime() {}

    @SuppressWarnings("unchecked")
    public static void main(String[] args) {
        Candidate<Object> candidate = (Candidate<Object>) Candidate.named(args.length > 0 ? args[0] : "latencySketch");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.println("operation,samples,cpuNanosPerOp");
        for (int samples : new int[] {10, 100, 1_000, 10_000}) {
            SplittableRandom random = new SplittableRandom(42);
            Object window = candidate.of(Latencies.logNormal(random, samples));
            Object growing = candidate.of(Latencies.logNormal(random, samples));
            byte[] windowBytes = candidate.encode(window);
            byte[] sumBytes = candidate.encode(candidate.of(Latencies.logNormal(random, LatencySketchVsDDSketchBenchmark.SUM_SAMPLES)));
            for (String operation : new String[] {"commitCycle", "encode", "decodeAndQuery", "mergeSumFromBytes"}) {
                Runnable op = switch (operation) {
                    case "commitCycle" -> () -> {
                        Object sketch = candidate.decode(windowBytes);
                        candidate.merge(sketch, candidate.decode(sumBytes));
                        sink += candidate.encode(sketch).length + candidate.query(sketch);
                    };
                    case "encode" -> () -> sink += candidate.encode(window).length;
                    case "decodeAndQuery" -> () -> sink += candidate.query(candidate.decode(windowBytes));
                    default -> () -> candidate.merge(growing, candidate.decode(sumBytes));
                };
                double[] perOp = new double[ROUNDS];
                for (int round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
                    long start = threads.getCurrentThreadCpuTime();
                    for (int i = 0; i < OPS; i++) {
                        op.run();
                    }
                    if (round >= 0) {
                        perOp[round] = (threads.getCurrentThreadCpuTime() - start) / (double) OPS;
                    }
                }
                Arrays.sort(perOp);
                System.out.printf("%s,%d,%.0f%n", operation, samples, perOp[ROUNDS / 2]);
            }
        }
        if (sink == 42) {
            System.out.println();
        }
    }
}
