package dev.rapport.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.config.RapportConfig;
import dev.rapport.embedded.EmbeddedKafkaBroker;
import dev.rapport.kafka.CompletionWatcher;
import dev.rapport.kafka.EventPublisher;
import dev.rapport.kafka.TopicReader;
import dev.rapport.metrics.EngagementMetrics;
import dev.rapport.registry.SchemaRegistries;
import dev.rapport.schema.Direction;
import dev.rapport.schema.MessageEvent;
import dev.rapport.schema.Platform;
import dev.rapport.service.RapportService;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The map-side combine with real commits: a burst of one brand's events crosses the brand-deltas
 * repartition as a few sums per task and commit instead of a record per event, and the brand stats
 * are still exactly the TopologyTestDriver's, where every event is a commit of its own.
 */
class BrandDeltaCombineIT {
    private static final Instant BASE = Instant.parse("2026-11-20T10:00:00Z");
    private static final int CONVERSATIONS = 1_500;
    private static final EngagementSettings SETTINGS = EngagementSettings.builder()
            .window(Duration.ofHours(1))
            .grace(Duration.ofDays(1))
            .sla(Duration.ofMinutes(10))
            .wallClockDeadlines(false)
            .build();

    @TempDir
    Path state;

    @Test
    void aBurstOfOneBrandCrossesTheRepartitionAsAFewSumsWithUnchangedStats() throws Exception {
        List<MessageEvent> events = conversations();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults())) {
            Properties client = new Properties();
            client.put("bootstrap.servers", broker.bootstrapServers());
            RapportConfig config = RapportConfig.defaults()
                    .with(Map.of(
                            "bootstrap.servers",
                            broker.bootstrapServers(),
                            "schema.registry.url",
                            "mock://combine-it",
                            "sla",
                            "10m",
                            "grace",
                            "1d",
                            "sla.clock",
                            "event",
                            "state.dir",
                            state.toString(),
                            "query.port",
                            "0"));
            Topics topics = new Topics(SchemaRegistries.forUrl("mock://combine-it"));

            double repartitionRecords;
            try (RapportService service =
                            RapportService.start(config, broker.bootstrapServers(), client, EngagementMetrics.NONE);
                    Admin admin = Admin.create(client);
                    EventPublisher publisher = new EventPublisher(client, topics.messages())) {
                publisher.publish(events, n -> {});
                new CompletionWatcher(
                                admin,
                                "rapport",
                                List.of(Topics.MESSAGES, EngagementTopology.repartitionTopic("rapport")))
                        .await(Duration.ofMinutes(2), () -> {}, n -> {});
                repartitionRecords = sentTo(service, EngagementTopology.repartitionTopic("rapport"));
            }

            assertThat(repartitionRecords)
                    .as("brand-deltas records for %d events", events.size())
                    .isPositive()
                    .isLessThan(events.size() / 20.0);
            Map<String, String> actual = new TreeMap<>();
            TopicReader.readAll(
                            client,
                            Topics.BRAND_STATS,
                            new StringDeserializer(),
                            topics.brandStats().valueSerde().deserializer())
                    .forEach(r -> actual.put(r.key(), OutputJson.line(OutputJson.stats(r.value()))));
            assertThat(actual).isEqualTo(expected(events));
        }
    }

    /** Records the application's producers sent to {@code topic}: Kafka's per-topic producer metric. */
    private static double sentTo(RapportService service, String topic) {
        return service.streams().metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("producer-topic-metrics")
                        && e.getKey().name().equals("record-send-total")
                        && topic.equals(e.getKey().tags().get("topic")))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }

    private static Map<String, String> expected(List<MessageEvent> events) {
        try (TopologyHarness harness = new TopologyHarness(SETTINGS)) {
            events.forEach(harness::send);
            return harness.statsLines();
        }
    }

    /** One brand's conversations a second apart within one window, each answered after 30-79 s. */
    private static List<MessageEvent> conversations() {
        List<MessageEvent> events = new ArrayList<>();
        for (int i = 0; i < CONVERSATIONS; i++) {
            Instant asked = BASE.plusSeconds(i);
            events.add(event("conv-" + i, "q-" + i, Direction.INBOUND, "customer-" + i, asked, null, i));
            events.add(event(
                    "conv-" + i, "a-" + i, Direction.OUTBOUND, "acme", asked.plusSeconds(30L + i % 50), "q-" + i, i));
        }
        events.sort(Comparator.comparing(MessageEvent::getOccurredAt));
        return events;
    }

    private static MessageEvent event(
            String conversation, String id, Direction direction, String author, Instant at, String inReplyTo, int i) {
        return MessageEvent.newBuilder()
                .setEventId(id)
                .setPlatform(Platform.values()[i % 3])
                .setBrandId("acme")
                .setConversationId(conversation)
                .setDirection(direction)
                .setAuthorId(author)
                .setInReplyTo(inReplyTo)
                .setOccurredAt(at)
                .build();
    }
}
