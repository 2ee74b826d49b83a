package dev.rapport.stats;

import dev.rapport.stats.LatencySketchVsDDSketchBenchmark.Candidate;
import dev.rapport.stats.LatencySketchVsDDSketchBenchmark.Latencies;
import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Encoded size and heap of one window's sketch, for the candidates of
 * {@link LatencySketchVsDDSketchBenchmark} and the same window sizes. Not a JMH benchmark: sizes are
 * exact, and the heap is measured once, as the heap used after a full GC before and after holding
 * {@value #HELD} sketches, each decoded from a window's bytes and merged with one sum (a live window
 * between commits), then again after each answered its quantiles (a window being written).
 * For DDSketch it also gives the size of its {@code serialize()} (protobuf) form, which includes the
 * index mapping.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.rapport.stats.SketchFootprint</pre>
 */
public final class SketchFootprint {
    private static final int HELD = 20_000;
    private static final int DISTINCT = 50;

    private SketchFootprint() {}

    public static void main(String[] args) {
        String[] impls = {"latencySketch", "ddSketchUnboundedDense", "ddSketchCollapsingLowestDense"};
        System.out.println("impl,samples,encodedBytesMedian,encodedBytesMin,encodedBytesMax,protobufBytesMedian,"
                + "heapBytesLive,heapBytesAfterQuery");
        for (int samples : new int[] {10, 100, 1_000, 10_000}) {
            for (String impl : impls) {
                measure(impl, samples);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void measure(String impl, int samples) {
        Candidate<Object> candidate = (Candidate<Object>) Candidate.named(impl);
        SplittableRandom random = new SplittableRandom(7);
        byte[][] windows = new byte[DISTINCT][];
        int[] sizes = new int[DISTINCT];
        int[] protobuf = new int[DISTINCT];
        for (int i = 0; i < DISTINCT; i++) {
            Object window = candidate.of(Latencies.logNormal(random, samples));
            windows[i] = candidate.encode(window);
            sizes[i] = windows[i].length;
            protobuf[i] = window instanceof LatencySketchVsDDSketchBenchmark.Plain.Sketch plain
                    ? plain.sketch.serialize().remaining()
                    : -1;
        }
        byte[] sum = candidate.encode(candidate.of(Latencies.logNormal(random, LatencySketchVsDDSketchBenchmark.SUM_SAMPLES)));
        Object[] held = new Object[HELD];
        long before = heapAfterGc();
        for (int i = 0; i < HELD; i++) {
            held[i] = candidate.decode(windows[i % DISTINCT]);
            candidate.merge(held[i], candidate.decode(sum));
        }
        double live = (heapAfterGc() - before) / (double) HELD;
        long check = 0;
        for (Object sketch : held) {
            check += candidate.query(sketch);
        }
        double queried = (heapAfterGc() - before) / (double) HELD;
        Reference.reachabilityFence(held);
        Arrays.sort(sizes);
        Arrays.sort(protobuf);
        System.out.printf("%s,%d,%d,%d,%d,%s,%.0f,%.0f%n", impl, samples, sizes[DISTINCT / 2], sizes[0],
                sizes[DISTINCT - 1], protobuf[0] < 0 ? "" : Integer.toString(protobuf[DISTINCT / 2]), live, queried);
        if (check == 42) {
            System.out.println(held.length);
        }
    }

    private static long heapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
