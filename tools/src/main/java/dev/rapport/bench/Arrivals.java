package dev.rapport.bench;

import java.util.Arrays;

/**
 * Arrival times on the {@link System#nanoTime} clock, in the order they were added (which is
 * ascending: one thread adds them as it reads), growing as needed without boxing each one.
 */
final class Arrivals {
    private long[] nanos = new long[1024];
    private int size;

    void add(long at) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = at;
    }

    int size() {
        return size;
    }

    /**
     * The longest stretch within {@code [from, to]} without an arrival: it may start at the last
     * arrival before {@code from} (the output was already silent then) and end at {@code to} when
     * nothing came after its last arrival.
     *
     * @return the gap's start and end, nanoTime
     */
    long[] longestGap(long from, long to) {
        long previous = from;
        for (int i = 0; i < size && nanos[i] <= from; i++) {
            previous = nanos[i];
        }
        long bestStart = previous;
        long bestEnd = previous;
        for (int i = 0; i < size; i++) {
            long at = nanos[i];
            if (at <= from) {
                continue;
            }
            if (at > to) {
                break;
            }
            if (at - previous > bestEnd - bestStart) {
                bestStart = previous;
                bestEnd = at;
            }
            previous = at;
        }
        if (to - previous > bestEnd - bestStart) {
            bestStart = previous;
            bestEnd = to;
        }
        return new long[] {bestStart, bestEnd};
    }

    /** The first arrival after {@code at}, or -1 when none came. */
    long firstAfter(long at) {
        for (int i = 0; i < size; i++) {
            if (nanos[i] > at) {
                return nanos[i];
            }
        }
        return -1;
    }
}
