package dev.rapport.ingest;

import dev.rapport.schema.MessageEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a decoded event must satisfy before it may touch state. Avro checks types; this checks
 * meaning: ids present and bounded (they become store keys), the key is the conversation (state
 * is partitioned by it), and the time is plausible (a year-3000 timestamp would close every
 * window at once).
 */
public final class EventContract {
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    static final int MAX_ID_LENGTH = 256;

    private final Duration maxFutureSkew;

    public EventContract(Duration maxFutureSkew) {
        this.maxFutureSkew = maxFutureSkew;
    }

    /** The first broken rule, or empty when the event is valid. */
    public Optional<String> violation(String key, MessageEvent event, long nowMs) {
        for (String[] field : new String[][] {
            {"eventId", event.getEventId()}, {"brandId", event.getBrandId()},
            {"conversationId", event.getConversationId()}, {"authorId", event.getAuthorId()}
        }) {
            if (field[1] == null || field[1].isBlank()) {
                return Optional.of(field[0] + " is missing");
            }
            if (field[1].length() > MAX_ID_LENGTH) {
                return Optional.of(field[0] + " is longer than " + MAX_ID_LENGTH + " characters");
            }
        }
        if (event.getInReplyTo() != null && event.getInReplyTo().length() > MAX_ID_LENGTH) {
            return Optional.of("inReplyTo is longer than " + MAX_ID_LENGTH + " characters");
        }
        if (!event.getConversationId().equals(key)) {
            return Optional.of("record key must be the conversationId (state is partitioned by conversation)");
        }
        Instant at = event.getOccurredAt();
        if (at.isBefore(EARLIEST)) {
            return Optional.of("occurredAt " + at + " is before " + EARLIEST);
        }
        if (at.isAfter(Instant.ofEpochMilli(nowMs).plus(maxFutureSkew))) {
            return Optional.of("occurredAt " + at + " is more than " + maxFutureSkew + " in the future");
        }
        return Optional.empty();
    }
}
