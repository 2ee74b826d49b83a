package dev.rapport.generator;

import dev.rapport.schema.MessageEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/** Counts what goes to the sink, for the run's summary. */
final class RunTally implements Consumer<MessageEvent> {
    private final Consumer<MessageEvent> sink;
    private final Set<String> brands = new HashSet<>();
    private long events;
    private long conversations;

    RunTally(Consumer<MessageEvent> sink) {
        this.sink = sink;
    }

    @Override
    public void accept(MessageEvent event) {
        sink.accept(event);
        events++;
        // A conversation's id is the id of its first message.
        if (event.getEventId().equals(event.getConversationId())) {
            conversations++;
        }
        brands.add(event.getBrandId());
    }

    RunSummary summary(Duration elapsed) {
        return new RunSummary(events, conversations, brands.size(), elapsed);
    }
}
