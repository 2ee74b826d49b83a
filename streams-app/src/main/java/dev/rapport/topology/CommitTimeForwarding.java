package dev.rapport.topology;

import java.util.function.Consumer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;

/**
 * Forwarding for stores that send records while the task commits ({@code flushCache}), outside any
 * processor's {@code process}: the record goes out as the output of the processor that owns the
 * store, as the DSL's cache flush listener does. Internal API: the public context has no current
 * node to set.
 */
final class CommitTimeForwarding {
    private CommitTimeForwarding() {}

    /** Call from the owning processor's {@code init}, where the context's current node is that processor. */
    static <K, V> Consumer<Record<K, V>> asThisProcessor(ProcessorContext<K, V> context) {
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
