package dev.rapport.importer;

import static dev.rapport.importer.JsonlFields.AUTHOR_ID;
import static dev.rapport.importer.JsonlFields.BRAND_ID;
import static dev.rapport.importer.JsonlFields.CONVERSATION_ID;
import static dev.rapport.importer.JsonlFields.DIRECTION;
import static dev.rapport.importer.JsonlFields.EVENT_ID;
import static dev.rapport.importer.JsonlFields.IN_REPLY_TO;
import static dev.rapport.importer.JsonlFields.OCCURRED_AT;
import static dev.rapport.importer.JsonlFields.PLATFORM;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.schema.MessageEvent;
import java.util.Objects;

/**
 * A MessageEvent as the JSON object the jsonl format and captures hold: Avro field names in schema order,
 * enum symbols, occurredAt as epoch milliseconds (exact, and what the Avro field holds), inReplyTo written as
 * null when absent so every object has the same shape.
 */
public final class MessageEventJson {
    private MessageEventJson() {}

    /**
     * The event as JSON.
     *
     * @throws NullPointerException if a required field is null: such an object would be rejected on import
     */
    public static ObjectNode toJson(MessageEvent event) {
        return JsonNodeFactory.instance
                .objectNode()
                .put(EVENT_ID, required(event.getEventId(), EVENT_ID))
                .put(PLATFORM, required(event.getPlatform(), PLATFORM).name())
                .put(BRAND_ID, required(event.getBrandId(), BRAND_ID))
                .put(CONVERSATION_ID, required(event.getConversationId(), CONVERSATION_ID))
                .put(DIRECTION, required(event.getDirection(), DIRECTION).name())
                .put(AUTHOR_ID, required(event.getAuthorId(), AUTHOR_ID))
                .put(IN_REPLY_TO, event.getInReplyTo())
                .put(OCCURRED_AT, required(event.getOccurredAt(), OCCURRED_AT).toEpochMilli());
    }

    private static <T> T required(T value, String field) {
        return Objects.requireNonNull(value, () -> "MessageEvent." + field + " is null");
    }
}
