package dev.rapport.streamsinternals;

import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A store layered over a store that Kafka Streams built (metered, logged, persisted), adding a
 * {@link CommitHook}. Kafka Streams' lifecycle, changelog, checkpoint and query calls pass through
 * to the store below unchanged; {@link #below()} is that store.
 *
 * <p>Why internal: Kafka Streams looks through a registered store to the stores it wraps only
 * when they are its internal {@link WrappedStateStore}; that is how it restores a timestamped
 * store's changelog in the timestamped format. {@link WrappedStateStore} also passes on every
 * {@code StateStore} method a Kafka release adds (as KIP-1035's {@code managesOffsets} and
 * {@code committedOffset} were), which a layer implementing {@code StateStore} by hand would miss.
 * A public replacement would be a public store decorator; none known.
 */
public abstract class CommitHookedLayer<S extends StateStore> extends WrappedStateStore<S, Object, Object>
        implements CommitHook {

    protected CommitHookedLayer(S below) {
        super(below);
    }

    /** The store this layer is on: where committed values live. */
    protected final S below() {
        return wrapped();
    }

    /** The hook first: what it writes goes through any cache below in the same commit. */
    @Override
    public final void flushCache() {
        beforeCommit();
        super.flushCache();
    }

    @Override
    public final void clearCache() {
        discardUncommitted();
        super.clearCache();
    }
}
