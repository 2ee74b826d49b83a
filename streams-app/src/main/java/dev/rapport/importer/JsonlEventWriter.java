package dev.rapport.importer;

import static dev.rapport.importer.JsonlFields.AUTHOR_ID;
import static dev.rapport.importer.JsonlFields.BRAND_ID;
import static dev.rapport.importer.JsonlFields.CONVERSATION_ID;
import static dev.rapport.importer.JsonlFields.DIRECTION;
import static dev.rapport.importer.JsonlFields.EVENT_ID;
import static dev.rapport.importer.JsonlFields.IN_REPLY_TO;
import static dev.rapport.importer.JsonlFields.OCCURRED_AT;
import static dev.rapport.importer.JsonlFields.PLATFORM;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.rapport.schema.MessageEvent;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.Writer;
import java.util.Objects;

/**
 * Writes MessageEvents in the format {@link JsonlImporter} reads: one JSON object per line, fields in schema
 * order, occurredAt as epoch milliseconds (exact, unlike a formatted date, and what the Avro field holds),
 * inReplyTo written as null when absent so every line has the same shape.
 */
public final class JsonlEventWriter implements Closeable, Flushable {
    private final JsonGenerator json;

    /** Closing this writer closes {@code out}. */
    public JsonlEventWriter(Writer out) throws IOException {
        json = new JsonFactory().createGenerator(out);
        json.setRootValueSeparator(null);
    }

    /**
     * Appends one line.
     *
     * @throws NullPointerException if a required field is null: such a line would be rejected on import
     */
    public void write(MessageEvent event) throws IOException {
        json.writeStartObject();
        json.writeStringField(EVENT_ID, required(event.getEventId(), EVENT_ID));
        json.writeStringField(PLATFORM, required(event.getPlatform(), PLATFORM).name());
        json.writeStringField(BRAND_ID, required(event.getBrandId(), BRAND_ID));
        json.writeStringField(CONVERSATION_ID, required(event.getConversationId(), CONVERSATION_ID));
        json.writeStringField(DIRECTION, required(event.getDirection(), DIRECTION).name());
        json.writeStringField(AUTHOR_ID, required(event.getAuthorId(), AUTHOR_ID));
        json.writeStringField(IN_REPLY_TO, event.getInReplyTo());
        json.writeNumberField(OCCURRED_AT, required(event.getOccurredAt(), OCCURRED_AT).toEpochMilli());
        json.writeEndObject();
        json.writeRaw('\n');
    }

    private static <T> T required(T value, String field) {
        return Objects.requireNonNull(value, () -> "MessageEvent." + field + " is null");
    }

    @Override
    public void flush() throws IOException {
        json.flush();
    }

    @Override
    public void close() throws IOException {
        json.close();
    }
}
