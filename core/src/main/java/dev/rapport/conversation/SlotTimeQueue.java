package dev.rapport.conversation;

import java.util.Arrays;
import java.util.function.IntUnaryOperator;

/**
 * Entries of a time and an int reference in a binary min-heap over two primitive arrays: 12 bytes
 * an entry where a sorted map of byte keys spent over a hundred. Ordered by time only; entries
 * due together are handed over together, and their receiver orders them as it needs.
 *
 * <p>Adds are appended and put in heap order when the queue is next read, so filling it at a task
 * start (every conversation at once) is one linear heapify instead of a sift per entry.
 */
final class SlotTimeQueue {
    private static final int MIN_CAPACITY = 16;

    private long[] times = new long[MIN_CAPACITY];
    private int[] refs = new int[MIN_CAPACITY];
    private int size;
    /** The first {@code ordered} entries are a heap; the rest were added since. */
    private int ordered;

    /** Receives a taken entry. */
    @FunctionalInterface
    interface EntryConsumer {
        void accept(long time, int ref);
    }

    void add(long time, int ref) {
        if (size == times.length) {
            resize(size + (size >>> 1));
        }
        times[size] = time;
        refs[size] = ref;
        size++;
    }

    int size() {
        return size;
    }

    /** Every entry, in no particular order, left in place. */
    void forEach(EntryConsumer entry) {
        for (int i = 0; i < size; i++) {
            entry.accept(times[i], refs[i]);
        }
    }

    /** The earliest time queued, or {@code Long.MAX_VALUE} when empty. */
    long earliest() {
        order();
        return size == 0 ? Long.MAX_VALUE : times[0];
    }

    /** Removes every entry at or before {@code time} and hands each to {@code taken}, earliest first. */
    void takeUpTo(long time, EntryConsumer taken) {
        order();
        if (size == 0 || times[0] > time) {
            return;
        }
        while (size > 0 && times[0] <= time) {
            long at = times[0];
            int ref = refs[0];
            size--;
            ordered = size;
            if (size > 0) {
                times[0] = times[size];
                refs[0] = refs[size];
                siftDown(0);
            }
            taken.accept(at, ref);
        }
        // Give back what a wave of expiries freed, without resizing on every take.
        if (times.length > 4 * MIN_CAPACITY && size < times.length >>> 2) {
            resize(Math.max(MIN_CAPACITY, size << 1));
        }
    }

    /** Rewrites every reference; an entry whose new reference is negative is dropped. Returns how many were. */
    int remap(IntUnaryOperator newRef) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            int ref = newRef.applyAsInt(refs[i]);
            if (ref >= 0) {
                times[kept] = times[i];
                refs[kept] = ref;
                kept++;
            }
        }
        int dropped = size - kept;
        size = kept;
        ordered = 0;
        return dropped;
    }

    private void order() {
        if (ordered == size) {
            return;
        }
        if (size - ordered > ordered) {
            for (int i = (size >>> 1) - 1; i >= 0; i--) {
                siftDown(i);
            }
        } else {
            for (int i = ordered; i < size; i++) {
                siftUp(i);
            }
        }
        ordered = size;
    }

    private void siftUp(int i) {
        long time = times[i];
        int ref = refs[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (times[parent] <= time) {
                break;
            }
            times[i] = times[parent];
            refs[i] = refs[parent];
            i = parent;
        }
        times[i] = time;
        refs[i] = ref;
    }

    /** Sifts within the first {@code size} entries, which must be a heap below {@code i}. */
    private void siftDown(int i) {
        long time = times[i];
        int ref = refs[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < size && times[child + 1] < times[child]) {
                child++;
            }
            if (time <= times[child]) {
                break;
            }
            times[i] = times[child];
            refs[i] = refs[child];
            i = child;
        }
        times[i] = time;
        refs[i] = ref;
    }

    private void resize(int capacity) {
        times = Arrays.copyOf(times, capacity);
        refs = Arrays.copyOf(refs, capacity);
    }
}
