package dev.rapport.topology;

import dev.rapport.schema.BrandPolicy;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.schema.MessageEvent;
import dev.rapport.serde.ConfluentAvroSerde;
import dev.rapport.serde.SchemaRegistry;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topics Rapport reads and writes, with their serdes. Topic names are part of the public
 * contract (subscribers, dashboards and docker-compose refer to them): change them only with a
 * migration note.
 */
public final class Topics {
    public static final String MESSAGES = "rapport.messages";
    public static final String BRAND_STATS = "rapport.brand-stats";
    public static final String ALERTS = "rapport.alerts";
    public static final String DEAD_LETTER = "rapport.dead-letter";
    public static final String BRAND_POLICIES = "rapport.brand-policies";

    private final ConfluentAvroSerde<MessageEvent> messageSerde;
    private final Topic<String, MessageEvent> messages;
    private final Topic<String, BrandWindowStats> brandStats;
    private final Topic<String, EngagementAlert> alerts;
    private final Topic<String, byte[]> deadLetter;
    private final Topic<String, BrandPolicy> brandPolicies;

    public Topics(SchemaRegistry registry) {
        messageSerde = ConfluentAvroSerde.of(registry, MessageEvent.class);
        messages = new Topic<>(MESSAGES, Serdes.String(), messageSerde);
        brandStats = new Topic<>(BRAND_STATS, Serdes.String(), ConfluentAvroSerde.of(registry, BrandWindowStats.class));
        alerts = new Topic<>(ALERTS, Serdes.String(), ConfluentAvroSerde.of(registry, EngagementAlert.class));
        deadLetter = new Topic<>(DEAD_LETTER, Serdes.String(), Serdes.ByteArray());
        brandPolicies =
                new Topic<>(BRAND_POLICIES, Serdes.String(), ConfluentAvroSerde.of(registry, BrandPolicy.class));
    }

    /** Input: one record per message, key = conversationId, Avro in the Confluent wire format. */
    public Topic<String, MessageEvent> messages() {
        return messages;
    }

    /** The input serde as its concrete type: the topology decodes in a processor to dead-letter failures. */
    public ConfluentAvroSerde<MessageEvent> messageSerde() {
        return messageSerde;
    }

    /** Output: key = {@code <brandId>@<windowStart epoch ms>}, the latest value per key is final. */
    public Topic<String, BrandWindowStats> brandStats() {
        return brandStats;
    }

    /** Output: key = alertId. */
    public Topic<String, EngagementAlert> alerts() {
        return alerts;
    }

    /** Output: the original bytes of records Rapport could not use; the reason is in the headers. */
    public Topic<String, byte[]> deadLetter() {
        return deadLetter;
    }

    /**
     * Input, compacted: key = brandId, the latest value is the brand's policy override, a tombstone
     * returns the brand to the default. Read whole by every instance (a global table).
     */
    public Topic<String, BrandPolicy> brandPolicies() {
        return brandPolicies;
    }

    public List<String> outputNames() {
        return List.of(BRAND_STATS, ALERTS, DEAD_LETTER);
    }
}
