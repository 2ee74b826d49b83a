package dev.rapport.bench;

import dev.rapport.conversation.ConversationState;
import dev.rapport.conversation.ConversationStateSerde;
import dev.rapport.topology.EngagementTopology;
import dev.rapport.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * Serialized size of the conversation store, read through interactive queries: key bytes plus
 * value bytes as the store and its changelog hold them (RocksDB's own overhead not included).
 *
 * @param conversations conversations stored (every conversation seen: the store keeps them all)
 * @param bytes serialized key + value bytes of all of them
 * @param openConversations conversations with at least one open wait
 * @param openBytes serialized key + value bytes of those
 */
record StateSize(long conversations, long bytes, long openConversations, long openBytes) {
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(60);

    /** The conversation stores of every instance together. */
    static StateSize of(List<KafkaStreams> instances) {
        return instances.stream().map(StateSize::of).reduce(new StateSize(0, 0, 0, 0), StateSize::plus);
    }

    private StateSize plus(StateSize other) {
        return new StateSize(
                conversations + other.conversations,
                bytes + other.bytes,
                openConversations + other.openConversations,
                openBytes + other.openBytes);
    }

    /**
     * Retries while a rebalance is in progress (another instance joining, a probing rebalance):
     * stores cannot be queried then and come back when it ends.
     */
    private static StateSize of(KafkaStreams streams) {
        long giveUp = System.nanoTime() + QUERY_TIMEOUT.toNanos();
        while (true) {
            try {
                return read(streams);
            } catch (InvalidStateStoreException e) {
                if (System.nanoTime() > giveUp) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static StateSize read(KafkaStreams streams) {
        // An instance whose tasks all read the repartition topic has no conversation store to query.
        boolean hostsConversations = streams.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream())
                .anyMatch(partition -> partition.topic().equals(Topics.MESSAGES));
        if (!hostsConversations) {
            return new StateSize(0, 0, 0, 0);
        }
        long conversations = 0;
        long bytes = 0;
        long open = 0;
        long openBytes = 0;
        var store = streams.store(StoreQueryParameters.fromNameAndType(
                EngagementTopology.CONVERSATION_STORE, QueryableStoreTypes.<String, ConversationState>keyValueStore()));
        try (KeyValueIterator<String, ConversationState> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, ConversationState> kv = all.next();
                long size =
                        kv.key.getBytes(StandardCharsets.UTF_8).length + ConversationStateSerde.encode(kv.value).length;
                conversations++;
                bytes += size;
                if (!kv.value.openWaits().isEmpty()) {
                    open++;
                    openBytes += size;
                }
            }
        }
        return new StateSize(conversations, bytes, open, openBytes);
    }

    double bytesPerConversation() {
        return conversations == 0 ? 0 : (double) bytes / conversations;
    }

    double bytesPerOpenConversation() {
        return openConversations == 0 ? 0 : (double) openBytes / openConversations;
    }
}
