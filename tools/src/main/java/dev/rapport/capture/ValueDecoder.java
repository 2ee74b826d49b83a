package dev.rapport.capture;

import com.fasterxml.jackson.databind.JsonNode;

/** Turns one Confluent-framed value of a topic into JSON. */
interface ValueDecoder {
    /**
     * The value as JSON.
     *
     * @throws dev.rapport.serde.DecodeException naming why the bytes do not decode
     */
    JsonNode toJson(byte[] framed);
}
