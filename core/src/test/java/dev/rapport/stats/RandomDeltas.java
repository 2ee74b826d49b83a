package dev.rapport.stats;

import dev.rapport.schema.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Brand deltas with every field varied, for tests that add them up in different ways. */
final class RandomDeltas {
    private static final Platform[] PLATFORMS = Platform.values();

    private RandomDeltas() {}

    static BrandDelta next(SplittableRandom random) {
        if (random.nextInt(20) == 0) {
            int waits = random.nextInt(1, 4);
            return BrandDelta.abandoned(PLATFORMS[random.nextInt(PLATFORMS.length)], waits, random.nextInt(waits + 1));
        }
        if (random.nextInt(20) == 0) {
            return BrandDelta.unanswered(PLATFORMS[random.nextInt(PLATFORMS.length)]);
        }
        boolean inbound = random.nextBoolean();
        long[] latencies = inbound ? new long[0] : latencies(random, random.nextInt(3));
        long[] first = latencies.length > 0 && random.nextBoolean() ? new long[] {latencies[0]} : new long[0];
        long[] business =
                latencies.length > 0 && random.nextInt(4) == 0 ? latencies(random, latencies.length) : new long[0];
        int[] levels = random.nextInt(3) == 0 ? new int[] {random.nextInt(1, 12)} : new int[0];
        List<WaitResult> results = new ArrayList<>();
        for (long latency : latencies) {
            WaitResult.Outcome outcome =
                    random.nextInt(4) == 0 ? WaitResult.Outcome.NONE : WaitResult.Outcome.ANSWERED_IN_TIME;
            results.add(new WaitResult(
                    PLATFORMS[random.nextInt(PLATFORMS.length)],
                    outcome,
                    latency,
                    outcome != WaitResult.Outcome.NONE && random.nextBoolean(),
                    random.nextInt(3) == 0,
                    false));
        }
        return new BrandDelta(
                PLATFORMS[random.nextInt(PLATFORMS.length)],
                inbound,
                !inbound && random.nextInt(5) == 0,
                latencies,
                first,
                business,
                levels,
                random.nextInt(8) == 0 ? 1 : 0,
                inbound ? 1 : 0,
                latencies.length,
                true,
                0,
                results,
                inbound && random.nextInt(6) == 0,
                inbound ? null : "agent-" + random.nextInt(4));
    }

    private static long[] latencies(SplittableRandom random, int n) {
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextInt(10) == 0 ? 0 : (long) Math.exp(random.nextDouble() * Math.log(86_400_000L));
        }
        return values;
    }
}
