package dev.rapport.streamsinternals;

import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A state store that holds work on the heap until its task commits. Kafka Streams calls
 * {@link #beforeCommit} while it prepares a commit, after the task's processing and before it
 * flushes the producer and commits the transaction, so whatever the hook writes and forwards is in
 * the transaction that commits the input offsets it came from.
 *
 * <p>Why internal: Kafka Streams runs that step only on stores that implement its internal
 * {@link CachedStateStore} ({@code flushCache}, the hook of its own record cache), and this
 * interface maps the hook onto it. {@code StateStore.commit} is public but comes too late: under
 * exactly-once Kafka Streams calls it when it checkpoints, after the transaction. A public
 * replacement would be a commit callback for processors or stores that runs inside the
 * transaction; none known (KIP-892's transactional state stores change when stores commit, not
 * when they may forward).
 */
public interface CommitHook extends CachedStateStore<Object, Object> {

    /** Writes and forwards everything held since the last commit. */
    void beforeCommit();

    /**
     * Drops everything held: Kafka Streams discards the task's uncommitted work (after a failed
     * commit or when the task is closed dirty), and it is processed again from the last commit.
     */
    void discardUncommitted();

    @Override
    default void flushCache() {
        beforeCommit();
    }

    @Override
    default void clearCache() {
        discardUncommitted();
    }

    /** A store with a commit hook forwards through its owning processor, never to a cache listener. */
    @Override
    default boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
        return false;
    }
}
