package dev.rapport.stats;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Brand deltas summed per (brand, tumbling window), for {@link PendingBrandDeltas}: each sum is
 * handed to the sink with its largest event time (so it lands in the same window downstream) and
 * the context of its last delta. At most {@code maxSums} are held; beyond that the least recently
 * updated one goes to the sink early.
 *
 * @param <C> what the sink needs of a sum's last delta (the record context, in the store)
 */
public final class BrandDeltaSums<C> {
    /** Receives a finished sum. */
    @FunctionalInterface
    public interface Sink<C> {
        void accept(String brand, long windowStart, BrandWindowAccumulator sum, long timestamp, C lastContext);
    }

    private final long windowSizeMs;
    private final int maxSums;
    private final Sink<C> sink;
    /** In access order: the least recently updated sum first. */
    private final LinkedHashMap<WindowKey, Sum<C>> sums = new LinkedHashMap<>(64, 0.75f, true);

    public BrandDeltaSums(long windowSizeMs, int maxSums, Sink<C> sink) {
        if (windowSizeMs <= 0 || maxSums <= 0) {
            throw new IllegalArgumentException(
                    "window size and bound must be positive: " + windowSizeMs + ", " + maxSums);
        }
        this.windowSizeMs = windowSizeMs;
        this.maxSums = maxSums;
        this.sink = sink;
    }

    private record WindowKey(String brand, long windowStart) {}

    private static final class Sum<C> {
        final BrandWindowAccumulator deltas = new BrandWindowAccumulator();
        long timestamp = Long.MIN_VALUE;
        C lastContext;
    }

    /** Adds the delta of a record with {@code timestamp} to {@code brand}'s window around it. */
    public void add(String brand, long timestamp, BrandDelta delta, C context) {
        // Kafka's tumbling windows start at multiples of their size (TimeWindows.windowsFor).
        WindowKey key = new WindowKey(brand, timestamp - Math.floorMod(timestamp, windowSizeMs));
        Sum<C> sum = sums.computeIfAbsent(key, k -> new Sum<>());
        sum.deltas.add(delta);
        sum.timestamp = Math.max(sum.timestamp, timestamp);
        sum.lastContext = context;
        if (sums.size() > maxSums) {
            sendLeastRecent();
        }
    }

    /** Hands every sum to the sink, least recently updated first. */
    public void drain() {
        while (!sums.isEmpty()) {
            sendLeastRecent();
        }
    }

    /** Drops every sum without sending it. */
    public void clear() {
        sums.clear();
    }

    public int size() {
        return sums.size();
    }

    private void sendLeastRecent() {
        Iterator<Map.Entry<WindowKey, Sum<C>>> first = sums.entrySet().iterator();
        Map.Entry<WindowKey, Sum<C>> entry = first.next();
        first.remove();
        Sum<C> sum = entry.getValue();
        sink.accept(entry.getKey().brand(), entry.getKey().windowStart(), sum.deltas, sum.timestamp, sum.lastContext);
    }
}
