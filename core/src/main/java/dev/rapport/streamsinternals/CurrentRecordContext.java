package dev.rapport.streamsinternals;

import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;

/**
 * The record context of a task, for a store that defers work to the commit: it captures the
 * context of the record being processed and later writes and forwards in it, so the changelog
 * record, the store's position and the forwarded record carry the metadata and headers of the
 * record that caused them, as Kafka Streams' record cache does.
 *
 * <p>Why internal: the public {@code StateStoreContext.recordMetadata()} reads the context but
 * nothing public sets it, and at commit time it is not the deferred record's. A public
 * replacement would be a way to run store writes and forwards in a given record's context; none
 * known.
 */
public final class CurrentRecordContext {
    private final InternalProcessorContext<?, ?> context;

    private CurrentRecordContext(InternalProcessorContext<?, ?> context) {
        this.context = context;
    }

    /** Call from the store's {@code init}: the context Kafka Streams gives a store of its task. */
    public static CurrentRecordContext of(StateStoreContext context) {
        return new CurrentRecordContext((InternalProcessorContext<?, ?>) context);
    }

    /** The context of the record being processed now: Kafka's own object, not a copy, so capturing costs nothing per record. */
    public RecordContext capture() {
        return context.recordContext();
    }

    /** Runs {@code work} in {@code captured}, one {@link #capture} returned, then puts back the context it found. */
    public void runIn(RecordContext captured, Runnable work) {
        ProcessorRecordContext previous = context.recordContext();
        try {
            context.setRecordContext((ProcessorRecordContext) captured);
            work.run();
        } finally {
            context.setRecordContext(previous);
        }
    }
}
