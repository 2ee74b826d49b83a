package dev.rapport.conversation;

import dev.rapport.state.HashKeyValueStore;
import dev.rapport.state.PeekingKeyValueIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * An index of {@code conversation-state} held as a store of the task, so it lives and dies with
 * the task and keeps its name in the topology, for when the conversations are in a
 * {@link HashKeyValueStore}: the processor attaches the conversations' store, and from then on
 * the index keeps entries of a time and a slot of that store in primitive arrays. Without a
 * changelog: the processor rebuilds it from the conversations whenever it starts.
 *
 * <p>As a key-value store it shows the entries the index stands for, with the keys and values the
 * byte-keyed index it replaces had (time first, then the ids). Those are assembled from the
 * conversations and sorted when read, for tests and diagnosis; the processing path never reads
 * them. Reads are for the stream thread that owns the task (the index is not thread-safe), and an
 * entry cannot be deleted through the store: it leaves when it falls due or its wait ends.
 */
abstract sealed class SlotIndexStore<I extends SlotIndex> implements KeyValueStore<Bytes, byte[]>
        permits ExpiryIndexStore, DeadlineIndexStore {
    private final String name;
    private I index;
    private final Position position = Position.emptyPosition();
    private volatile boolean open;
    private Thread owner;

    SlotIndexStore(String name) {
        this.name = name;
    }

    /** Keeps the metrics scope (and names) of the Kafka in-memory store this replaces. */
    static KeyValueBytesStoreSupplier supplier(String name, Function<String, SlotIndexStore<?>> store) {
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return store.apply(name);
            }

            @Override
            public String metricsScope() {
                return "in-memory";
            }
        };
    }

    /**
     * Makes {@code index} the one this store shows, replacing the one a previous processor
     * attached; called by the processor, on the stream thread, when it attaches the conversations.
     */
    final I attach(I index) {
        this.index = index;
        owner = Thread.currentThread();
        return index;
    }

    /** The entries, sorted by key; empty until a processor attaches the conversations. */
    final List<KeyValue<Bytes, byte[]>> entries() {
        return index == null ? List.of() : index.entries();
    }

    final long liveEntries() {
        I current = index;
        return current == null ? 0 : current.liveEntries();
    }

    /** Adds an entry given as the byte-keyed index's key and value. */
    final void add(Bytes key, byte[] value) {
        if (index == null) {
            throw new IllegalStateException(name + " has no conversations attached yet");
        }
        add(index, key, value);
    }

    /** Adds to {@code index} an entry given as the byte-keyed index's key and value. */
    abstract void add(I index, Bytes key, byte[] value);

    final void clear() {
        index = null;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        // No changelog, so nothing is ever restored; Kafka Streams still needs the store registered.
        context.register(root, (key, value) -> {
            throw new IllegalStateException(name + " has no changelog to restore from");
        });
        open = true;
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
        return QueryResult.forUnknownQueryType(query, this);
    }

    @Override
    public void close() {
        open = false;
        clear();
    }

    @Override
    public void flush() {
        // In memory, without a changelog: nothing to flush.
    }

    @Override
    public void put(Bytes key, byte[] value) {
        checkReader();
        if (value == null) {
            delete(key);
            return;
        }
        add(key, value);
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
        byte[] current = get(key);
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
        throw new UnsupportedOperationException(
                name + ": an entry leaves when it falls due or its conversation no longer needs it");
    }

    @Override
    public byte[] get(Bytes key) {
        for (KeyValue<Bytes, byte[]> entry : read()) {
            if (entry.key.equals(key)) {
                return entry.value;
            }
        }
        return null;
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        return iterator(
                filtered(key -> (from == null || key.compareTo(from) >= 0) && (to == null || key.compareTo(to) <= 0)));
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
        List<KeyValue<Bytes, byte[]>> entries =
                filtered(key -> (from == null || key.compareTo(from) >= 0) && (to == null || key.compareTo(to) <= 0));
        entries.sort(
                Comparator.comparing((KeyValue<Bytes, byte[]> kv) -> kv.key).reversed());
        return iterator(entries);
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, PS prefixKeySerializer) {
        Bytes start = Bytes.wrap(prefixKeySerializer.serialize(null, prefix));
        return iterator(filtered(key -> key.get().length >= start.get().length
                && Arrays.equals(key.get(), 0, start.get().length, start.get(), 0, start.get().length)));
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        return iterator(read());
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseAll() {
        return reverseRange(null, null);
    }

    /** Without the thread check: Kafka Streams' num-keys metric asks from another thread, and a racy estimate serves it. */
    @Override
    public long approximateNumEntries() {
        return open ? Math.max(0, liveEntries()) : 0;
    }

    private List<KeyValue<Bytes, byte[]>> read() {
        checkReader();
        return entries();
    }

    private List<KeyValue<Bytes, byte[]>> filtered(Predicate<Bytes> matches) {
        List<KeyValue<Bytes, byte[]>> kept = new ArrayList<>();
        for (KeyValue<Bytes, byte[]> entry : read()) {
            if (matches.test(entry.key)) {
                kept.add(entry);
            }
        }
        return kept;
    }

    private void checkReader() {
        if (!open) {
            throw new InvalidStateStoreException("Store " + name + " is closed");
        }
        if (owner != null && owner != Thread.currentThread()) {
            throw new InvalidStateStoreException(
                    "Store " + name + " is an index of its task, readable on the task's stream thread only");
        }
    }

    /** A list copied when the scan began: nothing the store does can end it early. */
    private KeyValueIterator<Bytes, byte[]> iterator(List<KeyValue<Bytes, byte[]>> entries) {
        return new PeekingKeyValueIterator(entries.iterator(), name, () -> true);
    }
}
