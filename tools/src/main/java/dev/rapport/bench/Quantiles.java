package dev.rapport.bench;

import java.util.Arrays;

/** Quantile q is the sample of rank floor(q * (n - 1)) in ascending order: the metric spec's own definition. */
final class Quantiles {
    private Quantiles() {}

    static double of(double[] samples, double q) {
        if (samples.length == 0) {
            return Double.NaN;
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }
}
