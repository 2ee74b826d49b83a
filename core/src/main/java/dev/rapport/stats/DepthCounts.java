package dev.rapport.stats;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many conversations of a brand's window reached each depth level. Every message that takes
 * a conversation deeper adds to a level, so this is on the path of every event: levels are turns,
 * from 1 up and rarely past a few dozen, so they are counted in an array indexed by level, where
 * a {@code TreeMap<Integer, Long>} boxed each level and count and searched a tree. A level outside
 * the array's reach (negative, or from {@value #ARRAY_LEVELS}, which only a record written by
 * other means could hold) goes to a sorted map, so every level a record names is kept, a count of
 * zero included.
 */
final class DepthCounts {
    static final int ARRAY_LEVELS = 4096;

    /** Receives a level and its count. */
    @FunctionalInterface
    interface LevelCount {
        void accept(int level, long count);
    }

    private long[] counts = new long[0];
    /** Whether each level of {@link #counts} is present: a count may be zero. */
    private boolean[] present = new boolean[0];

    private int levels;
    private TreeMap<Integer, Long> outside;

    /** Adds {@code count} to {@code level}'s count, which starts at zero. */
    void add(int level, long count) {
        if (level < 0 || level >= ARRAY_LEVELS) {
            if (outside == null) {
                outside = new TreeMap<>();
            }
            outside.merge(level, count, Long::sum);
            return;
        }
        if (level >= counts.length) {
            int length = Math.min(ARRAY_LEVELS, Math.max(level + 1, counts.length * 2));
            counts = Arrays.copyOf(counts, length);
            present = Arrays.copyOf(present, length);
        }
        if (!present[level]) {
            present[level] = true;
            levels++;
        }
        counts[level] += count;
    }

    /** Adds every count of {@code other}. */
    void addAll(DepthCounts other) {
        other.forEach(this::add);
    }

    /** The levels present. */
    int size() {
        return levels + (outside == null ? 0 : outside.size());
    }

    /** Every level present with its count, lowest level first. */
    void forEach(LevelCount consumer) {
        if (outside != null) {
            for (Map.Entry<Integer, Long> below : outside.headMap(0).entrySet()) {
                consumer.accept(below.getKey(), below.getValue());
            }
        }
        for (int level = 0; level < counts.length; level++) {
            if (present[level]) {
                consumer.accept(level, counts[level]);
            }
        }
        if (outside != null) {
            for (Map.Entry<Integer, Long> above : outside.tailMap(ARRAY_LEVELS).entrySet()) {
                consumer.accept(above.getKey(), above.getValue());
            }
        }
    }
}
