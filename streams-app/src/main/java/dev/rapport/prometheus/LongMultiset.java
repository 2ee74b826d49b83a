package dev.rapport.prometheus;

/**
 * A multiset of longs for the open-wait gauges: every wait that opens or closes adds or removes a
 * value on a stream thread, while the queries (size, smallest value, values below a bound) run
 * only when Prometheus scrapes. So additions and removals are constant time without boxing (open
 * addressing with linear probing, a count per distinct value), and the queries walk the table. A
 * sorted map made each wait a tree search with boxed keys: a tenth of a stream thread's time.
 */
final class LongMultiset {
    private static final int MIN_CAPACITY = 16;

    /** A slot is free when its count is 0; its key is then meaningless. */
    private long[] keys = new long[MIN_CAPACITY];

    private int[] counts = new int[MIN_CAPACITY];
    private int distinct;
    private long size;

    void add(long value) {
        if (2 * (distinct + 1) > keys.length) {
            resize(2 * keys.length);
        }
        int mask = keys.length - 1;
        int i = home(value, mask);
        while (counts[i] != 0) {
            if (keys[i] == value) {
                counts[i]++;
                size++;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = value;
        counts[i] = 1;
        distinct++;
        size++;
    }

    /** Removes one occurrence of {@code value}; false if there is none. */
    boolean remove(long value) {
        int mask = keys.length - 1;
        int i = home(value, mask);
        while (counts[i] != 0) {
            if (keys[i] == value) {
                size--;
                if (--counts[i] == 0) {
                    distinct--;
                    closeGap(i, mask);
                    if (keys.length > MIN_CAPACITY && 8 * distinct < keys.length) {
                        // A burst of waits must not hold its peak's table forever.
                        resize(keys.length / 2);
                    }
                }
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    long size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The smallest value, or {@link Long#MAX_VALUE} if there is none. */
    long min() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < keys.length; i++) {
            if (counts[i] != 0 && keys[i] < min) {
                min = keys[i];
            }
        }
        return min;
    }

    /** How many of the values (each occurrence counted) are strictly below {@code bound}. */
    long countBelow(long bound) {
        long n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (counts[i] != 0 && keys[i] < bound) {
                n += counts[i];
            }
        }
        return n;
    }

    /**
     * Backward-shift deletion: moves later entries of the probe run into the freed slot when their
     * home lies at or before it, so that a lookup never stops early at a hole and no tombstones pile up.
     */
    private void closeGap(int freed, int mask) {
        int gap = freed;
        int j = freed;
        while (true) {
            j = (j + 1) & mask;
            if (counts[j] == 0) {
                break;
            }
            int home = home(keys[j], mask);
            // The entry at j may move to the gap unless its home lies cyclically in (gap, j].
            boolean homeBetween = gap <= j ? gap < home && home <= j : gap < home || home <= j;
            if (!homeBetween) {
                keys[gap] = keys[j];
                counts[gap] = counts[j];
                gap = j;
            }
        }
        counts[gap] = 0;
    }

    private void resize(int capacity) {
        long[] oldKeys = keys;
        int[] oldCounts = counts;
        keys = new long[capacity];
        counts = new int[capacity];
        int mask = capacity - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldCounts[i] != 0) {
                int j = home(oldKeys[i], mask);
                while (counts[j] != 0) {
                    j = (j + 1) & mask;
                }
                keys[j] = oldKeys[i];
                counts[j] = oldCounts[i];
            }
        }
    }

    /** Timestamps in milliseconds differ in their low bits: a multiplicative mix spreads them over the table. */
    private static int home(long value, int mask) {
        long h = value * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
