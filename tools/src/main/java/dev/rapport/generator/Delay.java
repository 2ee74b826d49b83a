package dev.rapport.generator;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * A log-normal delay in milliseconds: most values near the median, a long tail of late ones, which
 * is how response times of people and support teams are shaped. Clamped so a single draw cannot
 * run past the end of any plausible run.
 */
record Delay(long medianMs, double sigma, long minMs, long maxMs) {
    private static final long ONE_SECOND = 1_000;

    static Delay logNormal(Duration median, double sigma, Duration max) {
        return new Delay(median.toMillis(), sigma, ONE_SECOND, max.toMillis());
    }

    long sample(RandomGenerator random) {
        double value = medianMs * Math.exp(sigma * random.nextGaussian());
        return Math.max(minMs, Math.min(maxMs, Math.round(value)));
    }

    /** An exponential delay with this mean: the wait until a memoryless decision (give up, chime in). */
    static long exponential(RandomGenerator random, Duration mean) {
        return Math.max(ONE_SECOND, Math.round(random.nextExponential() * mean.toMillis()));
    }
}
