package dev.rapport.generator;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/** Picks items in proportion to their weights, in O(log n) per pick. */
final class WeightedChoice<T> {
    private final List<T> items;
    private final double[] cumulative;

    WeightedChoice(List<T> items, double[] weights) {
        if (items.isEmpty() || items.size() != weights.length) {
            throw new IllegalArgumentException("need one weight per item and at least one item");
        }
        this.items = List.copyOf(items);
        this.cumulative = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] > 0)) {
                throw new IllegalArgumentException("weights must be positive, got " + weights[i]);
            }
            sum += weights[i];
            cumulative[i] = sum;
        }
    }

    /** Items in the map's iteration order: pass an ordered map, or picks depend on hash order. */
    static <T> WeightedChoice<T> of(Map<T, Double> weights) {
        return new WeightedChoice<>(
                List.copyOf(weights.keySet()),
                weights.values().stream().mapToDouble(Double::doubleValue).toArray());
    }

    T pick(RandomGenerator random) {
        double x = random.nextDouble() * cumulative[cumulative.length - 1];
        int found = Arrays.binarySearch(cumulative, x);
        int index = found >= 0 ? found + 1 : -found - 1;
        return items.get(Math.min(index, items.size() - 1));
    }
}
