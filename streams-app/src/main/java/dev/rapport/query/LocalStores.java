package dev.rapport.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.conversation.ConversationState;
import dev.rapport.stats.BrandWindowAccumulator;
import dev.rapport.topology.EngagementTopology;
import dev.rapport.topology.OutputJson;
import java.time.Instant;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Answers queries from this instance's state stores only. Results leave out customer ids: the API
 * says who waits where and for how long, not who the customer is.
 */
final class LocalStores {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KafkaStreams streams;

    LocalStores(KafkaStreams streams) {
        this.streams = streams;
    }

    /** Open waits of a brand in the conversations this instance owns. */
    ArrayNode waits(String brandId, long nowMs) {
        ArrayNode waits = JSON.createArrayNode();
        try (KeyValueIterator<String, ConversationState> all = conversations().all()) {
            all.forEachRemaining(kv -> {
                if (kv.value.brandId().equals(brandId)) {
                    kv.value
                            .openWaits()
                            .values()
                            .forEach(w -> waits.addObject()
                                    .put("conversationId", kv.key)
                                    .put("eventId", w.eventId())
                                    .put("platform", w.platform().name())
                                    .put("waitingSince", w.startedAt())
                                    .put("waitedMs", Math.max(0, nowMs - w.startedAt()))
                                    .put("slaBreached", w.breachReported()));
                }
            });
        }
        return waits;
    }

    ArrayNode stats(String brandId, Instant from, Instant to) {
        ArrayNode windows = JSON.createArrayNode();
        ReadOnlyWindowStore<String, BrandWindowAccumulator> store = streams.store(StoreQueryParameters.fromNameAndType(
                EngagementTopology.WINDOW_STORE, QueryableStoreTypes.<String, BrandWindowAccumulator>windowStore()));
        try (KeyValueIterator<Windowed<String>, BrandWindowAccumulator> range =
                store.fetch(brandId, brandId, from, to)) {
            range.forEachRemaining(kv -> windows.add(OutputJson.stats(kv.value.toStats(
                    brandId, kv.key.window().start(), kv.key.window().end()))));
        }
        return windows;
    }

    ObjectNode conversation(String conversationId) {
        ConversationState state = conversations().get(conversationId);
        if (state == null) {
            return null;
        }
        ObjectNode node = JSON.createObjectNode()
                .put("conversationId", conversationId)
                .put("brandId", state.brandId())
                .put("depth", state.maxTurn())
                .put("messages", state.events().size())
                .put("lastEventAt", state.lastEventAt());
        ArrayNode waits = node.putArray("openWaits");
        state.openWaits()
                .values()
                .forEach(w -> waits.addObject()
                        .put("eventId", w.eventId())
                        .put("platform", w.platform().name())
                        .put("waitingSince", w.startedAt())
                        .put("slaBreached", w.breachReported()));
        return node;
    }

    private ReadOnlyKeyValueStore<String, ConversationState> conversations() {
        return streams.store(StoreQueryParameters.fromNameAndType(
                EngagementTopology.CONVERSATION_STORE, QueryableStoreTypes.<String, ConversationState>keyValueStore()));
    }

    static Instant parseInstant(String text, Instant fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        return text.chars().allMatch(Character::isDigit)
                ? Instant.ofEpochMilli(Long.parseLong(text))
                : Instant.parse(text);
    }
}
