package dev.rapport.bench;

import dev.rapport.kafka.EventPublisher;
import dev.rapport.schema.Direction;
import dev.rapport.schema.MessageEvent;
import dev.rapport.schema.Platform;
import dev.rapport.topology.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The input of the state-at-scale phase: one customer message (INBOUND, a new conversation) per
 * conversation, so every conversation is stored and has one open wait. Ids have the lengths of the
 * generator's (24-byte conversation ids, 20-byte customer ids), so the heap per conversation is
 * comparable with the footprint measured on the generator's traffic. Event times are spread
 * evenly over one minute ending now: under the event-time SLA clock no wait gets near its SLA,
 * so none is decided and every conversation stays open to the end of the phase.
 */
public final class OpenConversations {
    public static final Duration SPAN = Duration.ofMinutes(1);
    private static final int BRANDS = 300;
    private static final Platform[] PLATFORMS = Platform.values();

    private OpenConversations() {}

    static void publish(Properties clientProperties, Topics topics, long conversations) {
        publish(clientProperties, topics, conversations, event -> {});
    }

    /** As {@link #publish(Properties, Topics, long)}, showing {@code sent} each event as it goes. */
    static void publish(Properties clientProperties, Topics topics, long conversations, Consumer<MessageEvent> sent) {
        long end = Instant.now().toEpochMilli();
        long start = end - SPAN.toMillis();
        try (EventPublisher publisher = new EventPublisher(clientProperties, topics.messages())) {
            for (long i = 0; i < conversations; i++) {
                MessageEvent event = event(i, Instant.ofEpochMilli(start + SPAN.toMillis() * i / conversations));
                sent.accept(event);
                publisher.send(event);
            }
            publisher.flush();
        }
    }

    public static MessageEvent event(long number, Instant at) {
        String conversation = id("scale-conv-", number, 24);
        return MessageEvent.newBuilder()
                .setEventId(conversation)
                .setPlatform(PLATFORMS[(int) (number % PLATFORMS.length)])
                .setBrandId(id("brand-", number % BRANDS, 9))
                .setConversationId(conversation)
                .setDirection(Direction.INBOUND)
                .setAuthorId(id("cust-", number, 20))
                .setInReplyTo(null)
                .setOccurredAt(at)
                .build();
    }

    /** {@code prefix} and {@code number}, zero-padded to {@code length} characters. */
    private static String id(String prefix, long number, int length) {
        String digits = Long.toString(number);
        StringBuilder id = new StringBuilder(length).append(prefix);
        for (int pad = length - prefix.length() - digits.length(); pad > 0; pad--) {
            id.append('0');
        }
        return id.append(digits).toString();
    }
}
