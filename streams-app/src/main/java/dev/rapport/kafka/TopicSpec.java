package dev.rapport.kafka;

import java.util.Map;

/** A topic Rapport needs, with the settings it relies on. */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {}
