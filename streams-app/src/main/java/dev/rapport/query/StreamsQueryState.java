package dev.rapport.query;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/** The query API's view of a running Kafka Streams instance and its {@code application.server} metadata. */
final class StreamsQueryState implements QueryState {
    private final KafkaStreams streams;
    private final LocalStores local;

    StreamsQueryState(KafkaStreams streams) {
        this.streams = streams;
        this.local = new LocalStores(streams);
    }

    @Override
    public String notReady() {
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.RUNNING ? null : "Kafka Streams is " + state;
    }

    @Override
    public List<HostInfo> instancesWith(String store) {
        // Active stores only: an instance that holds nothing but standby replicas answers nothing
        // (queries read active stores), so asking it, or calling it missing, would be wrong.
        return streams.metadataForAllStreamsClients().stream()
                .filter(instance -> instance.stateStoreNames().contains(store))
                .map(StreamsMetadata::hostInfo)
                .filter(host -> host.port() >= 0)
                .toList();
    }

    @Override
    public HostInfo owner(String store, String key) {
        KeyQueryMetadata metadata =
                streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        if (metadata == null
                || metadata.activeHost() == null
                || metadata.activeHost().port() < 0) {
            throw new InvalidStateStoreException("no owner known yet for " + key);
        }
        return metadata.activeHost();
    }

    @Override
    public ArrayNode waits(String brandId, long nowMs) {
        return local.waits(brandId, nowMs);
    }

    @Override
    public ArrayNode stats(String brandId, Instant from, Instant to) {
        return local.stats(brandId, from, to);
    }

    @Override
    public ObjectNode conversation(String conversationId) {
        return local.conversation(conversationId);
    }
}
