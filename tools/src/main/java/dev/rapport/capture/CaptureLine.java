package dev.rapport.capture;

import static dev.rapport.importer.CaptureFields.HEADERS;
import static dev.rapport.importer.CaptureFields.HEADER_NAME;
import static dev.rapport.importer.CaptureFields.HEADER_VALUE;
import static dev.rapport.importer.CaptureFields.HEADER_VALUE_BASE64;
import static dev.rapport.importer.CaptureFields.KEY;
import static dev.rapport.importer.CaptureFields.KEY_BASE64;
import static dev.rapport.importer.CaptureFields.OFFSET;
import static dev.rapport.importer.CaptureFields.PARTITION;
import static dev.rapport.importer.CaptureFields.SCHEMA_ID;
import static dev.rapport.importer.CaptureFields.TIMESTAMP;
import static dev.rapport.importer.CaptureFields.TIMESTAMP_TYPE;
import static dev.rapport.importer.CaptureFields.TOPIC;
import static dev.rapport.importer.CaptureFields.VALUE;
import static dev.rapport.importer.CaptureFields.VALUE_BASE64;
import static dev.rapport.importer.CaptureFields.VALUE_ERROR;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.serde.ConfluentWireFormat;
import dev.rapport.serde.DecodeException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** One Kafka record as one capture line; the fields are described in {@link CaptureFields}. */
final class CaptureLine {
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private final ValueDecoder values;

    CaptureLine(ValueDecoder values) {
        this.values = values;
    }

    ObjectNode of(ConsumerRecord<byte[], byte[]> record) {
        ObjectNode line = JsonNodeFactory.instance
                .objectNode()
                .put(TOPIC, record.topic())
                .put(PARTITION, record.partition())
                .put(OFFSET, record.offset())
                .put(TIMESTAMP, record.timestamp())
                .put(TIMESTAMP_TYPE, record.timestampType().name);
        putText(line, KEY, KEY_BASE64, record.key());
        ArrayNode headers = line.putArray(HEADERS);
        for (Header header : record.headers()) {
            putText(
                    headers.addObject().put(HEADER_NAME, header.key()),
                    HEADER_VALUE,
                    HEADER_VALUE_BASE64,
                    header.value());
        }
        putValue(line, record.value());
        return line;
    }

    private void putValue(ObjectNode line, byte[] value) {
        if (value == null) {
            line.putNull(VALUE);
            return;
        }
        int schemaId;
        try {
            schemaId = ConfluentWireFormat.schemaId(value);
        } catch (DecodeException notFramed) {
            line.put(VALUE_BASE64, BASE64.encodeToString(value));
            return;
        }
        line.put(SCHEMA_ID, schemaId);
        try {
            line.set(VALUE, values.toJson(value));
        } catch (DecodeException undecodable) {
            // Kept byte for byte: the record is what the dead-letter topic would get, and worth looking at.
            line.put(VALUE_BASE64, BASE64.encodeToString(value)).put(VALUE_ERROR, undecodable.getMessage());
        }
    }

    /** UTF-8 text when the bytes are valid UTF-8, so keys and headers stay readable; base64 otherwise, so nothing is lost. */
    private static void putText(ObjectNode node, String textField, String base64Field, byte[] bytes) {
        if (bytes == null) {
            node.putNull(textField);
            return;
        }
        try {
            node.put(
                    textField,
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes))
                            .toString());
        } catch (CharacterCodingException notUtf8) {
            node.put(base64Field, BASE64.encodeToString(bytes));
        }
    }
}
