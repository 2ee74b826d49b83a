package dev.rapport.importer;

import static dev.rapport.importer.JsonlFields.AUTHOR_ID;
import static dev.rapport.importer.JsonlFields.BRAND_ID;
import static dev.rapport.importer.JsonlFields.CONVERSATION_ID;
import static dev.rapport.importer.JsonlFields.DIRECTION;
import static dev.rapport.importer.JsonlFields.EVENT_ID;
import static dev.rapport.importer.JsonlFields.IN_REPLY_TO;
import static dev.rapport.importer.JsonlFields.OCCURRED_AT;
import static dev.rapport.importer.JsonlFields.PLATFORM;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.schema.Direction;
import dev.rapport.schema.MessageEvent;
import dev.rapport.schema.Platform;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Decodes one JSON line into a MessageEvent, or rejects it. Fields not in the schema are ignored so that
 * files written by a newer version still load.
 */
final class JsonlEventDecoder {
    // Trailing tokens would mean two values on one line, i.e. a broken line, not an event plus noise.
    private final ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    MessageEvent decode(String line, long lineNumber) throws RowRejectedException {
        JsonNode node;
        try {
            node = mapper.readTree(line);
        } catch (JacksonException e) {
            throw RowRejectedException.malformed("invalid JSON", "line " + lineNumber + ": " + e.getOriginalMessage());
        }
        return decode(node, lineNumber);
    }

    /** Decodes an already parsed object, e.g. the value of a capture line. */
    MessageEvent decode(JsonNode node, long lineNumber) throws RowRejectedException {
        if (node == null || !node.isObject()) {
            throw RowRejectedException.malformed("not a JSON object", "line " + lineNumber);
        }
        return new MessageEvent(
                requiredText(node, EVENT_ID, lineNumber),
                platform(node, lineNumber),
                requiredText(node, BRAND_ID, lineNumber),
                requiredText(node, CONVERSATION_ID, lineNumber),
                direction(node, lineNumber),
                requiredText(node, AUTHOR_ID, lineNumber),
                optionalText(node, IN_REPLY_TO, lineNumber),
                occurredAt(node, lineNumber));
    }

    private static String requiredText(JsonNode node, String field, long lineNumber) throws RowRejectedException {
        JsonNode value = node.get(field);
        if (value == null
                || value.isNull()
                || (value.isTextual() && value.textValue().isBlank())) {
            throw RowRejectedException.malformed("missing " + field, "line " + lineNumber);
        }
        if (!value.isTextual()) {
            throw RowRejectedException.malformed(
                    "bad " + field,
                    "line " + lineNumber + ": " + field + " must be a string, got "
                            + RowRejectedException.excerpt(value.toString()));
        }
        return value.textValue();
    }

    private static String optionalText(JsonNode node, String field, long lineNumber) throws RowRejectedException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return requiredText(node, field, lineNumber);
    }

    /** Platform symbols unknown to this reader map to OTHER, as the Avro enum's default does for Avro readers. */
    private static Platform platform(JsonNode node, long lineNumber) throws RowRejectedException {
        String symbol = requiredText(node, PLATFORM, lineNumber);
        for (Platform platform : Platform.values()) {
            if (platform.name().equals(symbol)) {
                return platform;
            }
        }
        return Platform.OTHER;
    }

    /** An unknown direction is an error, not a default: guessing would corrupt every reply-time metric. */
    private static Direction direction(JsonNode node, long lineNumber) throws RowRejectedException {
        String symbol = requiredText(node, DIRECTION, lineNumber);
        for (Direction direction : Direction.values()) {
            if (direction.name().equals(symbol)) {
                return direction;
            }
        }
        throw RowRejectedException.malformed(
                "unknown direction",
                "line " + lineNumber + ": " + RowRejectedException.excerpt(symbol)
                        + " is neither INBOUND nor OUTBOUND");
    }

    /** Epoch milliseconds as an integral number, or an ISO-8601 instant string such as 2017-10-31T22:10:47Z. */
    private static Instant occurredAt(JsonNode node, long lineNumber) throws RowRejectedException {
        JsonNode value = node.get(OCCURRED_AT);
        if (value == null || value.isNull()) {
            throw RowRejectedException.malformed("missing " + OCCURRED_AT, "line " + lineNumber);
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return Instant.ofEpochMilli(value.longValue());
        }
        if (value.isTextual()) {
            Instant instant = isoInstantOrNull(value.textValue());
            if (instant != null) {
                return instant;
            }
        }
        throw RowRejectedException.malformed(
                "bad " + OCCURRED_AT,
                "line " + lineNumber + ": " + RowRejectedException.excerpt(value.toString())
                        + " is neither epoch millis nor an ISO-8601 instant");
    }

    private static Instant isoInstantOrNull(String text) {
        try {
            Instant instant = Instant.parse(text.trim());
            // The Avro field holds epoch millis: refuse instants it cannot represent rather than overflow later.
            instant.toEpochMilli();
            return instant.truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }
}
