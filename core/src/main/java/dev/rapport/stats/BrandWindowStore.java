package dev.rapport.stats;

import dev.rapport.streamsinternals.CommitHook;
import dev.rapport.streamsinternals.CommitHookedLayer;
import dev.rapport.streamsinternals.CurrentRecordContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Window;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.TimestampedWindowStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The {@code brand-window-stats} store: a logged timestamped window store (the same RocksDB layout
 * and changelog as the DSL's windowed aggregate) under a layer that keeps the windows changed since
 * the last commit as live {@link BrandWindowAccumulator}s. A sum of deltas is merged into the live object; the
 * accumulator is encoded once per commit instead of decoded and encoded on every record, which the
 * DSL's record cache (it holds bytes) did.
 *
 * <p>Exactly-once: Kafka Streams calls {@link #beforeCommit()} while it prepares a commit, before it
 * flushes the producer and commits the transaction ({@link CommitHook}; {@link CommitHookedLayer}
 * also lets the restore see that the store below is timestamped). There every changed window is
 * written through the logged store, so its changelog record, and the record forwarded downstream,
 * are in the transaction that commits the deltas' input offsets. A window not yet written dies
 * with the task on a crash, and so does the transaction: the changelog restores the last
 * committed value and the deltas are processed again. {@code StateStore.commit} is not that
 * hook: under exactly-once Kafka Streams calls it only when it checkpoints, after the transaction.
 *
 * <p>As in the record cache, a window is forwarded when it is written: at commit, or earlier when
 * more than {@code maxLiveWindows} windows have changed (then the least recently updated goes
 * first), which bounds the memory between commits.
 *
 * <p>Interactive queries ({@link ReadOnlyWindowStore}) read the logged store from their own thread:
 * values as of the last commit. The stream thread reads through {@link #current}.
 */
public final class BrandWindowStore extends CommitHookedLayer<TimestampedWindowStore<String, BrandWindowAccumulator>>
        implements ReadOnlyWindowStore<String, BrandWindowAccumulator> {
    /** The aggregation's windows: they give forwarded records the DSL's window type. */
    private final TimeWindows timeWindows;

    private final int maxLiveWindows;
    /** Changed since the last write, least recently updated first (the record cache's order). */
    private final LinkedHashMap<WindowKey, LiveWindow> live = new LinkedHashMap<>();

    private CurrentRecordContext recordContext;
    private Consumer<Record<Windowed<String>, BrandWindowAccumulator>> downstream;

    BrandWindowStore(
            TimestampedWindowStore<String, BrandWindowAccumulator> logged,
            TimeWindows timeWindows,
            int maxLiveWindows) {
        super(logged);
        this.timeWindows = timeWindows;
        this.maxLiveWindows = maxLiveWindows;
    }

    private record WindowKey(String brand, long windowStart) {}

    private static final class LiveWindow {
        final BrandWindowAccumulator accumulator;
        /** The largest record timestamp in the window, as the DSL aggregate keeps it. */
        long timestamp;
        /** The last delta's record context: the written record's headers and metadata, as the record cache keeps them. */
        RecordContext recordContext;

        LiveWindow(BrandWindowAccumulator accumulator, long timestamp) {
            this.accumulator = accumulator;
            this.timestamp = timestamp;
        }
    }

    /** Where written windows go: the aggregating processor forwards them as its output. */
    public void forwardTo(Consumer<Record<Windowed<String>, BrandWindowAccumulator>> downstream) {
        this.downstream = downstream;
    }

    /**
     * Adds {@code sum}, of a record with {@code timestamp}, to the window of {@code brand}
     * starting at {@code windowStart}.
     */
    public void add(String brand, long windowStart, long timestamp, BrandWindowAccumulator sum) {
        WindowKey key = new WindowKey(brand, windowStart);
        // Removed and put back so the map stays in order of the latest update.
        LiveWindow window = live.remove(key);
        if (window == null) {
            ValueAndTimestamp<BrandWindowAccumulator> stored = below().fetch(brand, windowStart);
            window = stored == null
                    ? new LiveWindow(new BrandWindowAccumulator(), timestamp)
                    : new LiveWindow(stored.value(), Math.max(timestamp, stored.timestamp()));
        } else {
            window.timestamp = Math.max(window.timestamp, timestamp);
        }
        window.accumulator.merge(sum);
        window.recordContext = recordContext.capture();
        live.put(key, window);
        if (live.size() > maxLiveWindows) {
            writeLeastRecent();
        }
    }

    /** The window's value including changes not committed yet; null for an empty window. Stream thread only. */
    public BrandWindowAccumulator current(String brand, long windowStart) {
        LiveWindow window = live.get(new WindowKey(brand, windowStart));
        return window != null
                ? window.accumulator
                : ValueAndTimestamp.getValueOrNull(below().fetch(brand, windowStart));
    }

    @Override
    public void beforeCommit() {
        while (!live.isEmpty()) {
            writeLeastRecent();
        }
    }

    /**
     * Writes the least recently updated window and forwards it. It stays readable through
     * {@link #current} until written, as downstream processors read other windows meanwhile.
     */
    private void writeLeastRecent() {
        Map.Entry<WindowKey, LiveWindow> entry = live.entrySet().iterator().next();
        WindowKey key = entry.getKey();
        LiveWindow window = entry.getValue();
        recordContext.runIn(window.recordContext, () -> {
            below().put(key.brand(), ValueAndTimestamp.make(window.accumulator, window.timestamp), key.windowStart());
            live.remove(key);
            downstream.accept(new Record<>(
                    new Windowed<>(key.brand(), windowStartingAt(key.windowStart())),
                    window.accumulator,
                    window.timestamp,
                    window.recordContext.headers()));
        });
    }

    /** The DSL's own window object (its class and bounds), as the DSL's windowed aggregate forwards it. */
    private Window windowStartingAt(long windowStart) {
        Map<Long, ? extends Window> containing = timeWindows.windowsFor(windowStart);
        return containing.get(windowStart);
    }

    /** Drops changes not written: Kafka Streams discards the task's uncommitted work. */
    @Override
    public void discardUncommitted() {
        live.clear();
    }

    @Override
    public void init(StateStoreContext stateStoreContext, StateStore root) {
        recordContext = CurrentRecordContext.of(stateStoreContext);
        live.clear();
        super.init(stateStoreContext, root);
    }

    @Override
    public void close() {
        live.clear();
        super.close();
    }

    // ---- interactive queries: the committed values

    @Override
    public BrandWindowAccumulator fetch(String brand, long windowStart) {
        return ValueAndTimestamp.getValueOrNull(below().fetch(brand, windowStart));
    }

    @Override
    public WindowStoreIterator<BrandWindowAccumulator> fetch(String brand, Instant timeFrom, Instant timeTo) {
        WindowStoreIterator<ValueAndTimestamp<BrandWindowAccumulator>> windows = below().fetch(brand, timeFrom, timeTo);
        return new WindowStoreIterator<>() {
            @Override
            public Long peekNextKey() {
                return windows.peekNextKey();
            }

            @Override
            public boolean hasNext() {
                return windows.hasNext();
            }

            @Override
            public KeyValue<Long, BrandWindowAccumulator> next() {
                KeyValue<Long, ValueAndTimestamp<BrandWindowAccumulator>> next = windows.next();
                return KeyValue.pair(next.key, next.value.value());
            }

            @Override
            public void close() {
                windows.close();
            }
        };
    }

    @Override
    public KeyValueIterator<Windowed<String>, BrandWindowAccumulator> fetch(
            String brandFrom, String brandTo, Instant timeFrom, Instant timeTo) {
        return values(below().fetch(brandFrom, brandTo, timeFrom, timeTo));
    }

    @Override
    public KeyValueIterator<Windowed<String>, BrandWindowAccumulator> all() {
        return values(below().all());
    }

    @Override
    public KeyValueIterator<Windowed<String>, BrandWindowAccumulator> fetchAll(Instant timeFrom, Instant timeTo) {
        return values(below().fetchAll(timeFrom, timeTo));
    }

    private static KeyValueIterator<Windowed<String>, BrandWindowAccumulator> values(
            KeyValueIterator<Windowed<String>, ValueAndTimestamp<BrandWindowAccumulator>> windows) {
        return new KeyValueIterator<>() {
            @Override
            public Windowed<String> peekNextKey() {
                return windows.peekNextKey();
            }

            @Override
            public boolean hasNext() {
                return windows.hasNext();
            }

            @Override
            public KeyValue<Windowed<String>, BrandWindowAccumulator> next() {
                KeyValue<Windowed<String>, ValueAndTimestamp<BrandWindowAccumulator>> next = windows.next();
                return KeyValue.pair(next.key, next.value.value());
            }

            @Override
            public void close() {
                windows.close();
            }
        };
    }
}
