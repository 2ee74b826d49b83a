package dev.rapport.streamsinternals;

import java.util.Optional;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * The store a processor's store handle wraps. A processor gets its stores through Kafka Streams'
 * layers (the read-write decorator, metering, change logging), which hand keys and values through
 * as bytes; a processor that keeps a structure derived from a store of its own kind (indexes that
 * refer to the store's entries instead of copying their keys) needs the innermost store itself.
 *
 * <p>Why internal: the layers are internal classes ({@link WrappedStateStore}), and no public API
 * returns the store a supplier built. A public replacement would be a way to get the innermost
 * store of a processor's store (none known).
 */
public final class StoreLayers {
    private StoreLayers() {}

    /** The innermost store under {@code store}, if it is a {@code type}. */
    public static <T extends StateStore> Optional<T> innermost(StateStore store, Class<T> type) {
        StateStore inner = store;
        while (inner instanceof WrappedStateStore<?, ?, ?> wrapped) {
            inner = wrapped.wrapped();
        }
        return type.isInstance(inner) ? Optional.of(type.cast(inner)) : Optional.empty();
    }
}
