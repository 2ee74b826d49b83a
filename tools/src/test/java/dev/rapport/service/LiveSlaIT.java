package dev.rapport.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.config.RapportConfig;
import dev.rapport.embedded.EmbeddedKafkaBroker;
import dev.rapport.kafka.EventPublisher;
import dev.rapport.metrics.EngagementMetrics;
import dev.rapport.registry.SchemaRegistries;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.Direction;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.schema.MessageEvent;
import dev.rapport.schema.Platform;
import dev.rapport.topology.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live mode: customers write and nobody answers, and no further events arrive. With a 2 s SLA,
 * each wait's SLA_BREACH must be readable (read_committed) within 1 s after its deadline; with a
 * 2 s response horizon, each wait's unanswered outcome must be readable in its brand's window
 * stats within 1 s after the horizon.
 */
class LiveSlaIT {
    private static final Logger LOG = LoggerFactory.getLogger(LiveSlaIT.class);
    private static final int WAITS = 60;

    @TempDir
    Path stateDir;

    @Test
    void breachesArriveWithinOneSecondOfTheDeadlineWithoutFurtherInput() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults())) {
            RapportConfig config = liveConfig(broker, "mock://live-sla-it", Map.of("sla", "2s"));
            Properties client = client(broker);
            Topics topics = new Topics(SchemaRegistries.forUrl(config.schemaRegistryUrl()));

            try (RapportService service =
                            RapportService.start(config, broker.bootstrapServers(), client, EngagementMetrics.NONE);
                    EventPublisher publisher = new EventPublisher(client, topics.messages());
                    KafkaConsumer<String, EngagementAlert> alerts = alertConsumer(broker, topics)) {
                alerts.subscribe(List.of(Topics.ALERTS));
                alerts.poll(Duration.ofMillis(500));
                warmUp(publisher, alerts);
                // Receive times are taken on a thread of their own, so publishing never delays reading.
                Map<String, Long> received = new ConcurrentHashMap<>();
                Map<String, Long> detectedAt = new ConcurrentHashMap<>();
                Thread reader = new Thread(
                        () -> {
                            long giveUp = System.currentTimeMillis() + 40_000;
                            while (received.size() < WAITS && System.currentTimeMillis() < giveUp) {
                                alerts.poll(Duration.ofMillis(20)).forEach(r -> {
                                    if (r.value().getType() == AlertType.SLA_BREACH) {
                                        received.putIfAbsent(r.value().getEventId(), System.currentTimeMillis());
                                        detectedAt.put(
                                                r.value().getEventId(),
                                                r.value().getDetectedAt().toEpochMilli());
                                    }
                                });
                            }
                        },
                        "alert-reader");
                reader.start();

                Map<String, Long> deadlines = new HashMap<>();
                for (int i = 0; i < WAITS; i++) {
                    Instant now = Instant.now();
                    publisher.publish(List.of(question("live-brand", i, now)), sent -> {});
                    deadlines.put("q" + i, now.toEpochMilli() + 2_000);
                    Thread.sleep(50);
                }
                reader.join(45_000);

                assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(deadlines.keySet());
                assertThat(detectedAt).as("detectedAt is the deadline").isEqualTo(deadlines);
                assertThat(p99Delay("SLA breach", received, deadlines)).isLessThan(1_000);
            }
        }
    }

    @Test
    void unansweredOutcomesArriveWithinOneSecondOfTheHorizonWithoutFurtherInput() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults())) {
            RapportConfig config =
                    liveConfig(broker, "mock://live-horizon-it", Map.of("sla", "1s", "response.horizon", "2s"));
            Properties client = client(broker);
            Topics topics = new Topics(SchemaRegistries.forUrl(config.schemaRegistryUrl()));

            try (RapportService service =
                            RapportService.start(config, broker.bootstrapServers(), client, EngagementMetrics.NONE);
                    EventPublisher publisher = new EventPublisher(client, topics.messages());
                    KafkaConsumer<String, BrandWindowStats> stats = consumer(
                            broker,
                            "live-horizon-it",
                            topics.brandStats().valueSerde().deserializer())) {
                stats.subscribe(List.of(Topics.BRAND_STATS));
                stats.poll(Duration.ofMillis(500));
                warmUpUnanswered(publisher, stats);
                // One brand per wait, so each outcome shows as its own window record.
                Map<String, Long> received = new ConcurrentHashMap<>();
                Thread reader = new Thread(
                        () -> {
                            long giveUp = System.currentTimeMillis() + 40_000;
                            while (received.size() < WAITS && System.currentTimeMillis() < giveUp) {
                                stats.poll(Duration.ofMillis(20)).forEach(r -> {
                                    if (r.value().getUnanswered() > 0) {
                                        received.putIfAbsent(r.value().getBrandId(), System.currentTimeMillis());
                                    }
                                });
                            }
                        },
                        "stats-reader");
                reader.start();

                Map<String, Long> horizons = new HashMap<>();
                for (int i = 0; i < WAITS; i++) {
                    Instant now = Instant.now();
                    publisher.publish(List.of(question("ignored-" + i, i, now)), sent -> {});
                    horizons.put("ignored-" + i, now.toEpochMilli() + 2_000);
                    Thread.sleep(50);
                }
                reader.join(45_000);

                assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(horizons.keySet());
                assertThat(p99Delay("unanswered outcome", received, horizons)).isLessThan(1_000);
            }
        }
    }

    /** Live mode (deadlines on the wall clock) on the embedded broker, with the test's own deadlines. */
    private RapportConfig liveConfig(EmbeddedKafkaBroker broker, String registryUrl, Map<String, String> deadlines) {
        Map<String, String> settings = new HashMap<>(deadlines);
        settings.putAll(Map.of(
                "bootstrap.servers",
                broker.bootstrapServers(),
                "schema.registry.url",
                registryUrl,
                "sla.clock",
                "wall",
                "query.port",
                "0",
                "state.dir",
                stateDir.toString()));
        return RapportConfig.defaults().with(settings);
    }

    private static Properties client(EmbeddedKafkaBroker broker) {
        Properties client = new Properties();
        client.put("bootstrap.servers", broker.bootstrapServers());
        return client;
    }

    /** Logs the delays of {@code seen} after {@code deadlines} (p50, p99, max, in ms); returns the p99. */
    private static long p99Delay(String what, Map<String, Long> seen, Map<String, Long> deadlines) {
        List<Long> delays = new ArrayList<>();
        seen.forEach((id, at) -> delays.add(at - deadlines.get(id)));
        assertThat(delays).hasSize(WAITS);
        delays.sort(Long::compare);
        long p50 = delays.get(delays.size() / 2);
        long p99 = delays.get((int) Math.floor(0.99 * (delays.size() - 1)));
        LOG.info(
                "live {} delay after deadline over {} waits: p50={} ms p99={} ms max={} ms",
                what,
                WAITS,
                p50,
                p99,
                delays.get(delays.size() - 1));
        return p99;
    }

    private static MessageEvent question(String brand, int i, Instant at) {
        return MessageEvent.newBuilder()
                .setEventId("q" + i)
                .setPlatform(Platform.WHATSAPP)
                .setBrandId(brand)
                .setConversationId("c" + i)
                .setDirection(Direction.INBOUND)
                .setAuthorId("customer" + i)
                .setInReplyTo(null)
                .setOccurredAt(at)
                .build();
    }

    /** As {@link #warmUp}: one unanswered outcome per partition before the measured ones. */
    private static void warmUpUnanswered(EventPublisher publisher, KafkaConsumer<String, BrandWindowStats> stats) {
        for (int i = 0; i < 6; i++) {
            publisher.publish(List.of(question("warm-up-" + i, 100 + i, Instant.now())), sent -> {});
        }
        Set<String> seen = new HashSet<>();
        long giveUp = System.currentTimeMillis() + 30_000;
        while (seen.size() < 6 && System.currentTimeMillis() < giveUp) {
            for (var r : stats.poll(Duration.ofMillis(100))) {
                if (r.value().getUnanswered() > 0) {
                    seen.add(r.value().getBrandId());
                }
            }
        }
        assertThat(seen).as("warm-up outcomes").hasSize(6);
    }

    /**
     * The first alert of a fresh application pays one-off costs (the output topic's metadata, the
     * first transaction with that partition, schema registration, class loading and JIT) that
     * measured 1-2 s here. One breach on every partition first, so the figures describe the
     * steady state an operator lives in.
     */
    private static void warmUp(EventPublisher publisher, KafkaConsumer<String, EngagementAlert> alerts) {
        for (int i = 0; i < 6; i++) {
            publisher.publish(
                    List.of(MessageEvent.newBuilder()
                            .setEventId("warm" + i)
                            .setPlatform(Platform.WHATSAPP)
                            .setBrandId("warm-up")
                            .setConversationId("warm" + i)
                            .setDirection(Direction.INBOUND)
                            .setAuthorId("warm")
                            .setInReplyTo(null)
                            .setOccurredAt(Instant.now())
                            .build()),
                    sent -> {});
        }
        int seen = 0;
        long giveUp = System.currentTimeMillis() + 30_000;
        while (seen < 6 && System.currentTimeMillis() < giveUp) {
            for (var r : alerts.poll(Duration.ofMillis(100))) {
                if (r.value().getType() == AlertType.SLA_BREACH) {
                    seen++;
                }
            }
        }
        assertThat(seen).as("warm-up breaches").isEqualTo(6);
    }

    private static KafkaConsumer<String, EngagementAlert> alertConsumer(EmbeddedKafkaBroker broker, Topics topics) {
        return consumer(broker, "live-sla-it", topics.alerts().valueSerde().deserializer());
    }

    private static <V> KafkaConsumer<String, V> consumer(
            EmbeddedKafkaBroker broker, String group, Deserializer<V> values) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A read_committed fetch waits for the transaction marker; do not let it also wait 500 ms for bytes.
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        return new KafkaConsumer<>(p, new StringDeserializer(), values);
    }
}
