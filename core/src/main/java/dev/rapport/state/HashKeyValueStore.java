package dev.rapport.state;

import dev.rapport.streamsinternals.ChangelogPositions;
import dev.rapport.streamsinternals.StandardStoreQueries;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.IntUnaryOperator;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
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
 * An in-memory key-value store on a hash table, for a store the processing path reads and writes
 * only by key. Kafka's in-memory store keeps a sorted tree behind one lock, so every lookup is a
 * search of some twenty byte-array comparisons: on {@code conversation-state}, which each event
 * reads and writes once, its get and put took 23.5% of the stream threads' CPU. Here a lookup is
 * a hash of the key and one comparison.
 *
 * <p>It is also small: with millions of conversations on the heap, the store is most of it. Each
 * entry is the key and the value with its repeated byte runs folded ({@link EntryCodec}),
 * appended to large pages ({@link EntryPages}), and the table is an open-addressing array of
 * {@code long} references to them (linear probing, deleted slots marked until the next rehash).
 * A map of {@code Bytes} to {@code byte[]} spent a node, a key wrapper and two array headers
 * besides the bytes themselves, and gave the collector millions of objects to copy and trace.
 * Reads decode a fresh copy of the value, so a caller never sees one change.
 *
 * <p>The price is order. {@link #all()} walks the table in hash order, without a copy (the task
 * start scans the whole store); the key order the contract allows callers to rely on in ranges,
 * prefix scans and the reverse scans is produced by copying and sorting the matching entries,
 * which is meant for queries, not for the processing path.
 *
 * <p>Like Kafka's stores it is written by the stream thread while interactive queries read it from
 * others: slots are written with release and read with acquire semantics, a rehash fills a new
 * table and then publishes it, entries are never rewritten (a dead one only gets its released
 * bit), and a read that finds its entry moved by a compaction reads the slot again. Iterators are
 * weakly consistent (they never fail on a concurrent change): while one is open, pages emptied by
 * compaction are kept, so an entry moved under it is still read where it was. Close them, as
 * Kafka's contract asks.
 *
 * <p>Slots: an entry keeps its slot until it is deleted or the table is rehashed, so a structure
 * derived from the store on the stream thread may refer to an entry by its slot ({@link #slotOf})
 * instead of copying its key; after a rehash the {@link Relocation} registered is told where each
 * old slot went.
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

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final long FREE = EntryPages.FREE;
    /** A deleted slot: probes go on past it, an insert may reuse it. */
    private static final long DELETED = EntryPages.DELETED;

    private static final int MIN_CAPACITY = 16;
    private static final int TAG_BITS = 12;

    private final String name;
    private volatile long[] table = new long[MIN_CAPACITY];
    /** Live entries; written under the position's lock. */
    private volatile int size;
    /** Slots that are not null (live or deleted); written under the position's lock. */
    private int used;

    private final EntryCodec codec = new EntryCodec();
    private volatile EntryPages pages = new EntryPages();
    private final Position position = Position.emptyPosition();
    private Relocation relocation;
    private StateStoreContext context;
    private volatile boolean open;

    /** Told where the entries went when the table is rehashed. */
    @FunctionalInterface
    public interface Relocation {
        /** {@code newSlot} maps a slot of the old table to the entry's slot now, or -1 for a free or deleted one. */
        void relocated(IntUnaryOperator newSlot);
    }

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
                write(record.key, Arrays.hashCode(record.key), record.value);
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
        byte[] wanted = key.get();
        int hash = key.hashCode();
        long tag = tag(hash);
        while (true) {
            EntryPages entries = pages;
            long[] slots = table;
            int mask = slots.length - 1;
            probe:
            for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
                long reference = reference(slots, i);
                if (reference == FREE) {
                    return null;
                }
                if (reference != DELETED && sameTag(reference, tag)) {
                    byte[] page = entries.pageOf(reference);
                    if (page == null) {
                        // Moved by a compaction since the slot was read: look again.
                        break probe;
                    }
                    int at = EntryPages.offset(reference);
                    if (EntryCodec.hasKey(page, at, wanted)) {
                        return EntryCodec.value(page, at);
                    }
                }
            }
        }
    }

    @Override
    public void put(Bytes key, byte[] value) {
        synchronized (position) {
            write(key.get(), key.hashCode(), value);
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

    /**
     * A null value deletes, as in every Kafka store (a changelog tombstone restores as a delete).
     * Returns whether the key was there. Callers hold the position's lock.
     */
    private boolean write(byte[] key, int hash, byte[] value) {
        long tag = tag(hash);
        long[] slots = table;
        int mask = slots.length - 1;
        int free = -1;
        for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
            long reference = reference(slots, i);
            if (reference == FREE) {
                if (value == null) {
                    return false;
                }
                if (free < 0) {
                    free = i;
                    used++;
                }
                SLOTS.setRelease(slots, free, tag | append(key, value));
                size++;
                if (used > slots.length - (slots.length >>> 2)) {
                    rehash(slots);
                }
                compactIfDue();
                return false;
            }
            if (reference == DELETED) {
                if (free < 0) {
                    free = i;
                }
            } else if (sameTag(reference, tag)
                    && EntryCodec.hasKey(pages.pageOf(reference), EntryPages.offset(reference), key)) {
                if (value == null) {
                    SLOTS.setRelease(slots, i, DELETED);
                    size--;
                } else {
                    SLOTS.setRelease(slots, i, tag | append(key, value));
                }
                pages.release(reference);
                compactIfDue();
                return true;
            }
        }
    }

    private long append(byte[] key, byte[] value) {
        int length = codec.encode(key, value);
        return pages.append(codec.encoded(), 0, length);
    }

    /**
     * Moves the live entries of the emptiest page to the end when the pages hold too much garbage
     * ({@link EntryPages#compactionCandidate}), and drops the page. Each live entry keeps its
     * slot, which is found by its key's hash and its reference; dead entries carry their mark
     * ({@link EntryCodec#released}), so they cost no lookup: an unsuccessful probe runs on to a
     * free slot, and the emptiest page is mostly dead entries.
     */
    private void compactIfDue() {
        int page = pages.compactionCandidate();
        if (page < 0) {
            return;
        }
        long[] slots = table;
        pages.forEachEntry(page, (bytes, at, reference) -> {
            if (!EntryCodec.released(bytes, at)) {
                int slot = slotHolding(slots, bytes, at, reference);
                long moved = pages.append(bytes, at, EntryCodec.length(bytes, at));
                SLOTS.setRelease(slots, slot, (slots[slot] & ~EntryPages.REFERENCE_MASK) | moved);
            }
        });
        pages.drop(page);
    }

    /** The slot holding {@code reference}, the live entry at {@code at} in {@code bytes}, found by its key's hash. */
    private static int slotHolding(long[] slots, byte[] bytes, int at, long reference) {
        int mask = slots.length - 1;
        for (int i = spread(EntryCodec.keyHash(bytes, at)) & mask; ; i = (i + 1) & mask) {
            long found = slots[i];
            if ((found & EntryPages.REFERENCE_MASK) == reference) {
                return i;
            }
            if (found == FREE) {
                throw new IllegalStateException("an entry not marked released is in no slot");
            }
        }
    }

    /**
     * Into a new table at most half full (bigger, or the same size without the deleted slots),
     * filled before it is published, so a concurrent reader sees the old table or the whole new one.
     */
    private void rehash(long[] old) {
        int capacity = MIN_CAPACITY;
        while (capacity < 2L * size) {
            capacity <<= 1;
        }
        long[] slots = new long[capacity];
        int mask = capacity - 1;
        for (long reference : old) {
            if (reference != FREE && reference != DELETED) {
                int i = spread(keyHash(reference)) & mask;
                while (slots[i] != FREE) {
                    i = (i + 1) & mask;
                }
                slots[i] = reference;
            }
        }
        used = size;
        table = slots;
        if (relocation != null) {
            relocation.relocated(oldSlot -> {
                long reference = old[oldSlot];
                return reference == FREE || reference == DELETED ? -1 : slotOfReference(slots, reference);
            });
        }
    }

    private int slotOfReference(long[] slots, long reference) {
        int mask = slots.length - 1;
        for (int i = spread(keyHash(reference)) & mask; ; i = (i + 1) & mask) {
            if (slots[i] == reference) {
                return i;
            }
        }
    }

    private int keyHash(long reference) {
        return EntryCodec.keyHash(pages.pageOf(reference), EntryPages.offset(reference));
    }

    /** The slot of {@code key}, or -1. For the stream thread, the only writer, which no compaction surprises. */
    private int find(long[] slots, byte[] key, int hash) {
        long tag = tag(hash);
        int mask = slots.length - 1;
        for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
            long reference = reference(slots, i);
            if (reference == FREE) {
                return -1;
            }
            if (reference != DELETED
                    && sameTag(reference, tag)
                    && EntryCodec.hasKey(pages.pageOf(reference), EntryPages.offset(reference), key)) {
                return i;
            }
        }
    }

    private static long reference(long[] slots, int slot) {
        return (long) SLOTS.getAcquire(slots, slot);
    }

    /**
     * Twelve bits of the key's hash, kept in a slot above its entry's reference: a probe passes a
     * slot whose tag differs without reading the entry, which on a table of millions is a cache
     * miss each. Taken from other bits than the slot's position, so keys that collide on a slot
     * still differ in their tags.
     */
    private static long tag(int hash) {
        return (long) ((hash * 0x9E3779B9) >>> (32 - TAG_BITS)) << (64 - TAG_BITS);
    }

    private static boolean sameTag(long slot, long tag) {
        return (slot & ~EntryPages.REFERENCE_MASK) == tag;
    }

    /** {@code Bytes.hashCode} is a polynomial hash; its low bits alone would crowd the probes. */
    private static int spread(int hash) {
        hash ^= hash >>> 16;
        hash *= 0x85EBCA6B;
        hash ^= hash >>> 13;
        return hash;
    }

    /**
     * The slot of {@code key}, or -1. It stays the entry's until the key is deleted or the table
     * is rehashed ({@link #relocateTo}). For the stream thread, which is the only writer.
     */
    public int slotOf(Bytes key) {
        return find(table, key.get(), key.hashCode());
    }

    /** The key in {@code slot}, or null when the slot is free or deleted. For the stream thread. */
    public byte[] keyAt(int slot) {
        long reference = table[slot];
        return reference == FREE || reference == DELETED
                ? null
                : EntryCodec.key(pages.pageOf(reference), EntryPages.offset(reference));
    }

    /** The value in {@code slot}, or null when the slot is free or deleted. For the stream thread. */
    public byte[] valueAt(int slot) {
        long reference = table[slot];
        return reference == FREE || reference == DELETED
                ? null
                : EntryCodec.value(pages.pageOf(reference), EntryPages.offset(reference));
    }

    /** Receives a live entry's slot and its value. */
    @FunctionalInterface
    public interface SlotValueConsumer {
        void accept(int slot, byte[] value);
    }

    /**
     * Every live entry's slot and value, in the order the entries lie in their pages; returns how
     * many there were. For the stream thread, which is the only writer: a task start rebuilding
     * what refers to the entries by slot needs no key lookups. Walking the pages reads the entries
     * one after the other, and only the table at random (a slot is 8 bytes, an entry some 100):
     * in slot order each entry read was a cache miss.
     */
    public long forEachValue(SlotValueConsumer consumer) {
        long[] slots = table;
        long[] visited = {0};
        pages.forEachEntry((bytes, at, reference) -> {
            if (!EntryCodec.released(bytes, at)) {
                consumer.accept(slotHolding(slots, bytes, at, reference), EntryCodec.value(bytes, at));
                visited[0]++;
            }
        });
        return visited[0];
    }

    /** The pages holding the entries, for tests of their compaction. */
    EntryPages entryPages() {
        return pages;
    }

    /** Where rehashes report the entries' new slots (one at a time; null for none). */
    public void relocateTo(Relocation relocation) {
        this.relocation = relocation;
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
        synchronized (position) {
            byte[] previous = get(key);
            if (previous != null) {
                write(key.get(), key.hashCode(), null);
            }
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
        SlotIterator entries = new SlotIterator();
        return new PeekingKeyValueIterator(entries, name, () -> open, entries::close);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseAll() {
        return sorted(key -> true, Comparator.reverseOrder());
    }

    @Override
    public long approximateNumEntries() {
        return size;
    }

    @Override
    public void close() {
        // Closed before emptied: a scan that sees the table emptying then also sees the store closed.
        open = false;
        synchronized (position) {
            table = new long[MIN_CAPACITY];
            pages = new EntryPages();
            size = 0;
            used = 0;
            relocation = null;
        }
    }

    /** Null bounds are open, as in Kafka's stores; {@code from} after {@code to} matches nothing. */
    private static Predicate<Bytes> inRange(Bytes from, Bytes to) {
        return key -> (from == null || key.compareTo(from) >= 0) && (to == null || key.compareTo(to) <= 0);
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    private KeyValueIterator<Bytes, byte[]> sorted(Predicate<Bytes> matches, Comparator<Bytes> order) {
        List<KeyValue<Bytes, byte[]>> entries = new ArrayList<>();
        try (SlotIterator all = new SlotIterator()) {
            all.forEachRemaining(entry -> {
                if (matches.test(entry.key)) {
                    entries.add(entry);
                }
            });
        }
        entries.sort((a, b) -> order.compare(a.key, b.key));
        return new PeekingKeyValueIterator(entries.iterator(), name, () -> open);
    }

    /**
     * The live entries of the table as it was when the iteration began, decoded as they are
     * reached. A slot is read when it is reached; the pages keep every page it may name until
     * the scan ends ({@link EntryPages#scanStarted}), which is when it is closed or has no entry
     * left.
     */
    private final class SlotIterator implements Iterator<KeyValue<Bytes, byte[]>>, AutoCloseable {
        private final EntryPages entries = pages;
        private final long[] slots;
        private KeyValue<Bytes, byte[]> next;
        private int slot;
        private boolean ended;

        SlotIterator() {
            entries.scanStarted();
            // The table after the count: one the writer may still drop pages of would not be.
            slots = table;
        }

        @Override
        public boolean hasNext() {
            while (next == null && slot < slots.length) {
                long reference = reference(slots, slot++);
                if (reference != FREE && reference != DELETED) {
                    next = decode(reference);
                }
            }
            if (next == null) {
                close();
            }
            return next != null;
        }

        private KeyValue<Bytes, byte[]> decode(long reference) {
            byte[] page = entries.pageOf(reference);
            if (page == null) {
                throw new IllegalStateException("Store " + name + ": a scan found a freed page");
            }
            int at = EntryPages.offset(reference);
            return KeyValue.pair(Bytes.wrap(EntryCodec.key(page, at)), EntryCodec.value(page, at));
        }

        @Override
        public void close() {
            if (!ended) {
                ended = true;
                entries.scanEnded();
            }
        }

        @Override
        public KeyValue<Bytes, byte[]> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            KeyValue<Bytes, byte[]> entry = next;
            next = null;
            return entry;
        }
    }
}
