package dev.rapport.query;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.state.HostInfo;

/**
 * What the query API reads from Kafka Streams: whether it can answer, where the instances are,
 * and this instance's own stores. An interface so that how the API deals with other instances
 * (slow, gone, failing) can be tested against fake instances, without a broker.
 */
interface QueryState {
    /** Null when this instance can answer queries; otherwise why not. */
    String notReady();

    /** The instances (this one included) whose active tasks hold a part of {@code store}. */
    List<HostInfo> instancesWith(String store);

    /** The instance whose active task holds {@code key} of {@code store}. */
    HostInfo owner(String store, String key);

    ArrayNode waits(String brandId, long nowMs);

    ArrayNode stats(String brandId, Instant from, Instant to);

    /** Null when this instance has no such conversation. */
    ObjectNode conversation(String conversationId);
}
