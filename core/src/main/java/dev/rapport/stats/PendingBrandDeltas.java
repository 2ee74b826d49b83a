package dev.rapport.stats;

import dev.rapport.streamsinternals.CommitHook;
import dev.rapport.streamsinternals.CurrentRecordContext;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.query.Position;

/**
 * The {@code pending-brand-deltas} store: the brand deltas a conversation task has produced since
 * its last commit, summed per (brand, window) on the heap ({@link BrandDeltaSums}) and sent on as
 * one record per (brand, window) when the task commits. This is the map-side combine of the brand
 * aggregation: without it every event was a repartition record; with it the repartition carries one
 * record per (brand, window), task and commit, and internal records per event fell from 2.02 to 1.07.
 *
 * <p>Exactly-once without a changelog: Kafka Streams calls {@link #beforeCommit()} while it
 * prepares a commit, before it flushes the producer and commits the transaction ({@link CommitHook},
 * which {@link BrandWindowStore} uses the same way). Every sum is forwarded there, so it is in the
 * transaction that commits its events' input offsets, and the store is empty after every commit.
 * On a crash the sums die with the transaction and the events are processed again. The forwarded
 * record carries the record context (headers) of the sum's last delta, as the record cache does.
 */
public final class PendingBrandDeltas implements StateStore, CommitHook {
    private final String name;
    private final BrandDeltaSums<RecordContext> sums;
    private CurrentRecordContext recordContext;
    private Consumer<Record<String, BrandWindowAccumulator>> downstream;
    private boolean open;

    PendingBrandDeltas(String name, long windowSizeMs, int maxPending) {
        this.name = name;
        this.sums = new BrandDeltaSums<>(windowSizeMs, maxPending, this::forward);
    }

    /** Where sums go when they are sent: the combining processor forwards them as its output. */
    public void forwardTo(Consumer<Record<String, BrandWindowAccumulator>> downstream) {
        this.downstream = downstream;
    }

    /** Adds the delta of the record being processed, which has {@code timestamp}. */
    public void add(String brand, long timestamp, BrandDelta delta) {
        sums.add(brand, timestamp, delta, recordContext.capture());
    }

    private void forward(
            String brand, long windowStart, BrandWindowAccumulator sum, long timestamp, RecordContext lastContext) {
        recordContext.runIn(
                lastContext, () -> downstream.accept(new Record<>(brand, sum, timestamp, lastContext.headers())));
    }

    @Override
    public void beforeCommit() {
        sums.drain();
    }

    /** Drops the sums: Kafka Streams discards the task's uncommitted work. */
    @Override
    public void discardUncommitted() {
        sums.clear();
    }

    @Override
    public void init(StateStoreContext stateStoreContext, StateStore root) {
        recordContext = CurrentRecordContext.of(stateStoreContext);
        sums.clear();
        // Not logged, so the callback is never called: the store is empty after every commit.
        stateStoreContext.register(root, (key, value) -> {
            throw new IllegalStateException(name + " has no changelog to restore from");
        });
        open = true;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        sums.clear();
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Holds no committed state, so there is nothing for interactive queries to be consistent with. */
    @Override
    public Position getPosition() {
        return Position.emptyPosition();
    }
}
