package dev.rapport.streamsinternals;

import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.internals.StoreQueryUtils;

/**
 * Answers IQv2's standard queries (key, range) on a custom bytes store exactly as Kafka's own
 * stores answer them: the same position-bound check against the store's {@link Position}, the
 * same failures for unknown queries and store errors, the same execution info.
 *
 * <p>Why internal: that dispatch is the internal {@link StoreQueryUtils}; the public API defines
 * the queries and results but leaves running them to each store. Re-implementing it would let the
 * custom store's answers drift from Kafka's stores' with each release. A public replacement would
 * be a public query handler for stores (none known; KIP-796 left it internal).
 */
public final class StandardStoreQueries {
    private StandardStoreQueries() {}

    /** Runs {@code query} on {@code store}, whose position is {@code position}, under the position's lock. */
    public static <R> QueryResult<R> run(
            Query<R> query,
            PositionBound positionBound,
            QueryConfig config,
            StateStore store,
            Position position,
            StateStoreContext context) {
        return StoreQueryUtils.handleBasicQueries(query, positionBound, config, store, position, context);
    }
}
