package dev.rapport.bench;

import dev.rapport.schema.MessageEvent;
import dev.rapport.serde.ConfluentAvroSerde;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.TimeWindows;

/**
 * The least a Kafka Streams application doing Rapport's job must do: decode, re-key by brand
 * (one repartition), and keep a windowed aggregate per brand in a state store. What Rapport costs
 * on top of this is its own logic, not the runtime's.
 */
final class BaselineTopology {
    static final String REPARTITION = "baseline-by-brand";

    private BaselineTopology() {}

    static String repartitionTopic(String applicationId) {
        return applicationId + "-" + REPARTITION + "-repartition";
    }

    static Topology build(String inputTopic, ConfluentAvroSerde<MessageEvent> serde, Duration window, Duration grace) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(
                        inputTopic,
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("baseline-source"))
                .mapValues(serde::decode, Named.as("baseline-decode"))
                .selectKey((conversation, event) -> event.getBrandId(), Named.as("baseline-brand-key"))
                .mapValues(event -> event.getOccurredAt().toEpochMilli(), Named.as("baseline-event-time"))
                .groupByKey(Grouped.with(REPARTITION, Serdes.String(), Serdes.Long()))
                .windowedBy(TimeWindows.ofSizeAndGrace(window, grace))
                .count(Named.as("baseline-count"), Materialized.as("baseline-counts"));
        return builder.build();
    }
}
