package dev.rapport.state;

import dev.rapport.streamsinternals.ChangelogPositions;
import dev.rapport.streamsinternals.StandardStoreQueries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.BatchingStateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * An in-memory key-value store on a hash map, for a store the processing path reads and writes
 * only by key. Kafka's in-memory store keeps a sorted tree behind one lock, so every lookup is a
 * search of some twenty byte-array comparisons: on {@code conversation-state}, which each event
 * reads and writes once, its get and put took 23.5% of the stream threads' CPU. Here a lookup is
 * a hash of the key and one comparison.
 *
 * <p>The price is order. {@link #all()} walks the map in hash order, without a copy (the task start
 * scans the whole store); the key order the contract allows callers to rely on in ranges, prefix
 * scans and the reverse scans is produced by copying and sorting the matching entries, which is
 * meant for queries, not for the processing path.
 *
 * <p>Like Kafka's stores it is written by the stream thread while interactive queries read it from
 * others: the map is concurrent, iterators are weakly consistent (they never fail on a concurrent
 * change) and values are never changed in place.
 *
 * <p>It restores from its changelog through the public {@link BatchingStateRestoreCallback}, and
 * tracks its IQv2 {@link Position} (the input offsets its writes came from) as Kafka's in-memory
 * store does. Two parts of that have no public API and live in {@code dev.rapport.streamsinternals}:
 * restoring the position from changelog headers ({@link ChangelogPositions}) and answering IQv2's
 * standard queries against it ({@link StandardStoreQueries}).
 */
public final class HashKeyValueStore implements KeyValueStore<Bytes, byte[]> {
    /** The metrics scope of Kafka's in-memory stores, so their metrics (num-keys) keep their names. */
    static final String METRICS_SCOPE = "in-memory";

    private final String name;
    private final Map<Bytes, byte[]> map = new ConcurrentHashMap<>();
    private final Position position = Position.emptyPosition();
    private StateStoreContext context;
    private volatile boolean open;

    HashKeyValueStore(String name) {
        this.name = name;
    }

    /** Supplies a {@link HashKeyValueStore} to {@code Stores.keyValueStoreBuilder}, which adds logging and metrics. */
    public static KeyValueBytesStoreSupplier supplier(String name) {
        return new Supplier(name);
    }

    private record Supplier(String name) implements KeyValueBytesStoreSupplier {
        @Override
        public KeyValueStore<Bytes, byte[]> get() {
            return new HashKeyValueStore(name);
        }

        @Override
        public String metricsScope() {
            return METRICS_SCOPE;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        if (root != null) {
            context.register(root, ChangelogPositions.restoring(this::restore, position, context));
        }
        this.context = context;
        open = true;
    }

    /**
     * The {@link BatchingStateRestoreCallback}: a changelog batch, oldest first, a null value a
     * tombstone. Under the position's lock, as every write, so a query sees a batch whole.
     */
    private void restore(Collection<KeyValue<byte[], byte[]>> records) {
        synchronized (position) {
            for (KeyValue<byte[], byte[]> record : records) {
                write(Bytes.wrap(record.key), record.value);
            }
        }
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public Position getPosition() {
        return position;
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return StandardStoreQueries.run(query, positionBound, config, this, position, context);
    }

    @Override
    public byte[] get(Bytes key) {
        return map.get(key);
    }

    @Override
    public void put(Bytes key, byte[] value) {
        synchronized (position) {
            write(key, value);
            advancePosition();
        }
    }

    /**
     * Records the input offset of the record being processed as the store's position, as Kafka's
     * stores do; writes outside processing (no record metadata, or no source topic) leave it.
     * Callers hold the position's lock.
     */
    private void advancePosition() {
        Optional<RecordMetadata> record = context == null ? Optional.empty() : context.recordMetadata();
        if (record.isPresent() && record.get().topic() != null) {
            position.withComponent(
                    record.get().topic(), record.get().partition(), record.get().offset());
        }
    }

    /** A null value deletes, as in every Kafka store (a changelog tombstone restores as a delete). */
    private byte[] write(Bytes key, byte[] value) {
        return value == null ? map.remove(key) : map.put(key, value);
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
        byte[] current = map.get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
        for (KeyValue<Bytes, byte[]> entry : entries) {
            put(entry.key, entry.value);
        }
    }

    @Override
    public byte[] delete(Bytes key) {
        synchronized (position) {
            byte[] previous = write(key, null);
            advancePosition();
            return previous;
        }
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        return sorted(inRange(from, to), Comparator.naturalOrder());
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
        return sorted(inRange(from, to), Comparator.reverseOrder());
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, PS prefixKeySerializer) {
        byte[] start = prefixKeySerializer.serialize(null, prefix);
        return sorted(key -> startsWith(key.get(), start), Comparator.naturalOrder());
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        return new EntryIterator(map.entrySet().iterator());
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseAll() {
        return sorted(key -> true, Comparator.reverseOrder());
    }

    @Override
    public long approximateNumEntries() {
        return map.size();
    }

    @Override
    public void close() {
        // Closed before emptied: a scan that sees the map emptying then also sees the store closed.
        open = false;
        map.clear();
    }

    /** Null bounds are open, as in Kafka's stores; {@code from} after {@code to} matches nothing. */
    private static Predicate<Bytes> inRange(Bytes from, Bytes to) {
        return key -> (from == null || key.compareTo(from) >= 0) && (to == null || key.compareTo(to) <= 0);
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    private KeyValueIterator<Bytes, byte[]> sorted(Predicate<Bytes> matches, Comparator<Bytes> order) {
        List<Map.Entry<Bytes, byte[]>> entries = new ArrayList<>();
        map.forEach((key, value) -> {
            if (matches.test(key)) {
                entries.add(Map.entry(key, value));
            }
        });
        entries.sort(Map.Entry.comparingByKey(order));
        return new EntryIterator(entries.iterator());
    }

    /**
     * Adds the look-ahead {@code peekNextKey} needs to a plain iterator. A close empties the map,
     * and a weakly consistent scan of an emptied map just ends: a query that was reading the store
     * while its task closed (a rebalance) would take part of the entries for all of them. So a
     * scan of a closed store fails as Kafka's own stores' scans do, and the caller asks again.
     */
    private final class EntryIterator implements KeyValueIterator<Bytes, byte[]> {
        private final Iterator<Map.Entry<Bytes, byte[]>> entries;
        private KeyValue<Bytes, byte[]> next;

        EntryIterator(Iterator<Map.Entry<Bytes, byte[]>> entries) {
            this.entries = entries;
        }

        @Override
        public boolean hasNext() {
            if (!open) {
                throw new InvalidStateStoreException("Store " + name + " was closed while it was being read");
            }
            if (next == null && entries.hasNext()) {
                Map.Entry<Bytes, byte[]> entry = entries.next();
                next = KeyValue.pair(entry.getKey(), entry.getValue());
            }
            if (next == null && !open) {
                throw new InvalidStateStoreException("Store " + name + " was closed while it was being read");
            }
            return next != null;
        }

        @Override
        public KeyValue<Bytes, byte[]> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            KeyValue<Bytes, byte[]> current = next;
            next = null;
            return current;
        }

        @Override
        public Bytes peekNextKey() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return next.key;
        }

        @Override
        public void close() {
            // Nothing to release: the iterator holds no lock, snapshot or native handle.
        }
    }
}
