package dev.rapport.serde;

import org.apache.avro.Schema;

/**
 * The two Schema Registry operations the Confluent wire format needs. Implementations cache both
 * directions, so a serde only pays for a lookup the first time it meets a subject or an id.
 */
public interface SchemaRegistry {

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /**
     * Returns the schema with this global id.
     *
     * @throws UnknownSchemaIdException if the registry has no such id
     */
    Schema schemaById(int id);

    /** The subject of a topic's values under Confluent's default TopicNameStrategy. */
    static String valueSubject(String topic) {
        return topic + "-value";
    }
}
