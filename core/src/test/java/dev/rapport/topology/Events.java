package dev.rapport.topology;

import dev.rapport.schema.Direction;
import dev.rapport.schema.MessageEvent;
import dev.rapport.schema.Platform;
import java.time.Instant;

/** Hand-built messages for topology tests. Times are minutes after a fixed, hour-aligned origin. */
final class Events {
    /** 2017-10-31T10:00:00Z: an hour boundary, so window edges in tests are easy to reason about. */
    static final long ORIGIN = Instant.parse("2017-10-31T10:00:00Z").toEpochMilli();

    static final String BRAND = "AcmeSupport";

    private Events() {}

    static long at(double minutes) {
        return ORIGIN + Math.round(minutes * 60_000);
    }

    static MessageEvent inbound(String conversation, String id, String customer, double minute, String inReplyTo) {
        return event(conversation, id, Direction.INBOUND, customer, minute, inReplyTo);
    }

    static MessageEvent outbound(String conversation, String id, double minute, String inReplyTo) {
        return event(conversation, id, Direction.OUTBOUND, BRAND, minute, inReplyTo);
    }

    static MessageEvent event(
            String conversation, String id, Direction direction, String author, double minute, String inReplyTo) {
        return MessageEvent.newBuilder()
                .setEventId(id)
                .setPlatform(Platform.TWITTER)
                .setBrandId(BRAND)
                .setConversationId(conversation)
                .setDirection(direction)
                .setAuthorId(author)
                .setInReplyTo(inReplyTo)
                .setOccurredAt(Instant.ofEpochMilli(at(minute)))
                .build();
    }
}
