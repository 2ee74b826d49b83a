package dev.rapport.topology;

import org.apache.kafka.common.serialization.Serde;

/** A topic with the serdes of its keys and values: the one place that says how a topic is read. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {}
