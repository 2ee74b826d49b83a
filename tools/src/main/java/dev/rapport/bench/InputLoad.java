package dev.rapport.bench;

import dev.rapport.generator.GeneratorRun;
import dev.rapport.generator.TrafficSettings;
import dev.rapport.kafka.EventPublisher;
import dev.rapport.schema.MessageEvent;
import dev.rapport.topology.Topics;
import java.time.Instant;
import java.util.Iterator;
import java.util.Properties;

/**
 * Writes the benchmark's events to the input topic once; every throughput phase then reads the
 * same records. Events are generated as they are sent, so 2 million of them never sit in memory.
 */
final class InputLoad {
    private InputLoad() {}

    static InputSpan publish(Properties clientProperties, Topics topics, BenchSettings settings) {
        TrafficSettings traffic = TrafficSettings.zipf(settings.seed()).withZipfBrands(settings.brands());
        // Event time ends now: far enough in the past that no event trips the future-skew check.
        Instant start = Instant.now().minus(traffic.eventTimeFor(settings.events()));
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long count = 0;
        try (EventPublisher publisher = new EventPublisher(clientProperties, topics.messages())) {
            Iterator<MessageEvent> events =
                    GeneratorRun.batch(traffic, settings.events(), start).iterator();
            while (events.hasNext()) {
                MessageEvent event = events.next();
                long at = event.getOccurredAt().toEpochMilli();
                first = Math.min(first, at);
                last = Math.max(last, at);
                publisher.send(event);
                count++;
            }
            publisher.flush();
        }
        return new InputSpan(count, first, last);
    }
}
