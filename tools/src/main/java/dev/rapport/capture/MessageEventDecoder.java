package dev.rapport.capture;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.importer.MessageEventJson;
import dev.rapport.schema.MessageEvent;
import dev.rapport.serde.ConfluentAvroSerde;

/**
 * Values of the input topic, read the way Rapport reads them (writer schema resolved against this
 * build's MessageEvent) and written in the jsonl form, so replay reads a capture exactly like a jsonl file.
 */
final class MessageEventDecoder implements ValueDecoder {
    private final ConfluentAvroSerde<MessageEvent> serde;

    MessageEventDecoder(ConfluentAvroSerde<MessageEvent> serde) {
        this.serde = serde;
    }

    @Override
    public JsonNode toJson(byte[] framed) {
        return MessageEventJson.toJson(serde.decode(framed));
    }
}
