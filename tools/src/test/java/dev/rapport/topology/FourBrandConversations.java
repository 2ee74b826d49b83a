package dev.rapport.topology;

import dev.rapport.schema.Direction;
import dev.rapport.schema.MessageEvent;
import dev.rapport.schema.Platform;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Traffic for tests with several instances: conversation {@code conv-i} asks at {@code base} plus i
 * minutes, on platform i mod 3, to brand {@code brand-(i mod 4)}; every fourth conversation (all of
 * brand-0's) stays unanswered, the others get one answer after the given delay.
 */
public final class FourBrandConversations {
    private FourBrandConversations() {}

    /** Conversations {@code from} to {@code from + count - 1}, in order of event time. */
    public static List<MessageEvent> of(Instant base, int from, int count, IntFunction<Duration> answerDelay) {
        List<MessageEvent> events = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            String conversation = "conv-" + i;
            Instant asked = base.plusSeconds(i * 60L);
            events.add(event(conversation, "q-" + i, Direction.INBOUND, "customer-" + i, asked, null, i));
            if (i % 4 != 0) {
                events.add(event(
                        conversation,
                        "a-" + i,
                        Direction.OUTBOUND,
                        "brand-" + i % 4,
                        asked.plus(answerDelay.apply(i)),
                        "q-" + i,
                        i));
            }
        }
        events.sort(Comparator.comparing(MessageEvent::getOccurredAt));
        return events;
    }

    private static MessageEvent event(
            String conversation, String id, Direction direction, String author, Instant at, String inReplyTo, int i) {
        return MessageEvent.newBuilder()
                .setEventId(id)
                .setPlatform(Platform.values()[i % 3])
                .setBrandId("brand-" + i % 4)
                .setConversationId(conversation)
                .setDirection(direction)
                .setAuthorId(author)
                .setInReplyTo(inReplyTo)
                .setOccurredAt(at)
                .build();
    }
}
