package dev.rapport.state;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Adds the look-ahead {@code peekNextKey} needs to a plain iterator over a store's entries. A
 * store whose scans read live structures passes whether it is still open: a close empties the
 * store, and a weakly consistent scan of an emptied store just ends, so a query that was reading
 * while its task closed (a rebalance) would take part of the entries for all of them. Such a scan
 * fails instead, as Kafka's own stores' scans do, and the caller asks again.
 */
public final class PeekingKeyValueIterator implements KeyValueIterator<Bytes, byte[]> {
    private final Iterator<KeyValue<Bytes, byte[]>> entries;
    private final String storeName;
    private final BooleanSupplier open;
    private final Runnable onClose;
    private KeyValue<Bytes, byte[]> next;

    public PeekingKeyValueIterator(Iterator<KeyValue<Bytes, byte[]>> entries, String storeName, BooleanSupplier open) {
        this(entries, storeName, open, () -> {});
    }

    /** With {@code onClose} run by {@link #close()}: what the scan holds (it may run more than once). */
    public PeekingKeyValueIterator(
            Iterator<KeyValue<Bytes, byte[]>> entries, String storeName, BooleanSupplier open, Runnable onClose) {
        this.entries = entries;
        this.storeName = storeName;
        this.open = open;
        this.onClose = onClose;
    }

    @Override
    public boolean hasNext() {
        if (!open.getAsBoolean()) {
            throw new InvalidStateStoreException("Store " + storeName + " was closed while it was being read");
        }
        if (next == null && entries.hasNext()) {
            next = entries.next();
        }
        if (next == null && !open.getAsBoolean()) {
            throw new InvalidStateStoreException("Store " + storeName + " was closed while it was being read");
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
        onClose.run();
    }
}
