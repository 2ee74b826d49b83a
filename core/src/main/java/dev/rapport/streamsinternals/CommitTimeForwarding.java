package dev.rapport.streamsinternals;

import java.util.function.Consumer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;

/**
 * Forwarding for stores that send records while the task commits ({@link CommitHook}), outside any
 * processor's {@code process}: the record goes out as the output of the processor that owns the
 * store, to that processor's children, as Kafka Streams' cache flush listeners send a cached
 * aggregate.
 *
 * <p>Why internal: the public {@link ProcessorContext#forward} sends from the node Kafka Streams
 * is currently running, and during a commit no processor is running; only the internal context
 * can set the current node. A public replacement would be a forward that names its source
 * processor, or a commit callback on the processor itself; none known.
 */
public final class CommitTimeForwarding {
    private CommitTimeForwarding() {}

    /** Call from the owning processor's {@code init}, where the context's current node is that processor. */
    public static <K, V> Consumer<Record<K, V>> asThisProcessor(ProcessorContext<K, V> context) {
        InternalProcessorContext<K, V> internal = (InternalProcessorContext<K, V>) context;
        ProcessorNode<?, ?, ?, ?> self = internal.currentNode();
        return record -> {
            ProcessorNode<?, ?, ?, ?> previous = internal.currentNode();
            internal.setCurrentNode(self);
            try {
                internal.forward(record);
            } finally {
                internal.setCurrentNode(previous);
            }
        };
    }
}
