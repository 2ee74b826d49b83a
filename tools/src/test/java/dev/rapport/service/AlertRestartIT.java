package dev.rapport.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.config.RapportConfig;
import dev.rapport.embedded.EmbeddedKafkaBroker;
import dev.rapport.embedded.SchemaRegistryServer;
import dev.rapport.kafka.EventPublisher;
import dev.rapport.kafka.RapportTopics;
import dev.rapport.kafka.TopicSetup;
import dev.rapport.registry.SchemaRegistries;
import dev.rapport.schema.AlertStatus;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.Direction;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.schema.MessageEvent;
import dev.rapport.schema.Platform;
import dev.rapport.topology.Topics;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code rapport run} in its own JVM is killed with SIGKILL while it works through a stream, then
 * started again on the same state directory and consumer group. Every wait is answered 40 minutes
 * after it opened with a 30-minute SLA, so each writes exactly four alert records (warning and
 * breach, each FIRING and RESOLVED); a read_committed reader must see each of them exactly once.
 */
class AlertRestartIT {
    private static final Logger LOG = LoggerFactory.getLogger(AlertRestartIT.class);
    private static final int WAITS = 1500;
    private static final Instant START = Instant.parse("2025-03-03T09:00:00Z");

    @TempDir
    Path stateDir;

    @Test
    void aKilledAndRestartedInstanceWritesEachAlertRecordExactlyOnce() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults());
                SchemaRegistryServer registry = SchemaRegistryServer.start("127.0.0.1", 0)) {
            Properties client = new Properties();
            client.put("bootstrap.servers", broker.bootstrapServers());
            Topics topics = new Topics(SchemaRegistries.forUrl(registry.url()));
            Map<String, Integer> seen = new HashMap<>();
            try (Admin admin = Admin.create(client)) {
                // Created up front so the reader's subscription finds the alert topic at once.
                TopicSetup.ensure(admin, RapportTopics.specs(RapportConfig.defaults()));
            }

            try (KafkaConsumer<String, EngagementAlert> alerts = alertConsumer(broker, topics)) {
                alerts.subscribe(List.of(Topics.ALERTS));
                Process first = startRapport(broker, registry);
                try (EventPublisher publisher = new EventPublisher(client, topics.messages())) {
                    publisher.publish(conversations(), sent -> {});
                }
                readUntil(alerts, seen, () -> seen.size() >= 200, Duration.ofSeconds(90));
                first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                int beforeKill = seen.size();

                Process second = startRapport(broker, registry);
                try {
                    readUntil(alerts, seen, () -> seen.size() >= 4 * WAITS, Duration.ofSeconds(120));
                    // Anything written twice would show up within a few more commit intervals.
                    readUntil(alerts, seen, () -> false, Duration.ofSeconds(5));
                } finally {
                    second.destroy();
                    second.waitFor(60, TimeUnit.SECONDS);
                }
                LOG.info("alert records read before the kill: {}, in all: {}", beforeKill, seen.size());
                assertThat(beforeKill)
                        .as("the kill came in the middle of the stream")
                        .isLessThan(4 * WAITS);
            }

            assertThat(seen).hasSize(4 * WAITS);
            assertThat(seen.values()).as("each (alertId, status) exactly once").containsOnly(1);
            for (int i = 0; i < WAITS; i++) {
                for (AlertType type : List.of(AlertType.SLA_WARNING, AlertType.SLA_BREACH)) {
                    for (AlertStatus status : AlertStatus.values()) {
                        assertThat(seen).containsKey(type + ":restart-brand:c" + i + ":q" + i + " " + status);
                    }
                }
            }
        }
    }

    /** Wait i opens at START + 10 s x i and is answered 40 minutes later; events in time order. */
    private static List<MessageEvent> conversations() {
        List<MessageEvent> events = new ArrayList<>();
        for (int i = 0; i < WAITS; i++) {
            Instant asked = START.plusSeconds(10L * i);
            events.add(event("c" + i, "q" + i, Direction.INBOUND, "customer" + i, null, asked));
            events.add(event(
                    "c" + i,
                    "a" + i,
                    Direction.OUTBOUND,
                    "restart-brand",
                    "q" + i,
                    asked.plus(Duration.ofMinutes(40))));
        }
        events.sort(Comparator.comparing(MessageEvent::getOccurredAt));
        return events;
    }

    private static MessageEvent event(
            String conversation, String id, Direction direction, String author, String inReplyTo, Instant at) {
        return MessageEvent.newBuilder()
                .setEventId(id)
                .setPlatform(Platform.WHATSAPP)
                .setBrandId("restart-brand")
                .setConversationId(conversation)
                .setDirection(direction)
                .setAuthorId(author)
                .setInReplyTo(inReplyTo)
                .setOccurredAt(at)
                .build();
    }

    private Process startRapport(EmbeddedKafkaBroker broker, SchemaRegistryServer registry) throws Exception {
        Path jar = Path.of(System.getProperty("rapport.jar", "target/rapport.jar"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-jar",
                        jar.toString(),
                        "run",
                        "--bootstrap-servers",
                        broker.bootstrapServers(),
                        "--schema-registry-url",
                        registry.url(),
                        "--set",
                        "application.id=alert-restart-it",
                        "--set",
                        "state.dir=" + stateDir,
                        "--set",
                        "sla=30m",
                        "--set",
                        "sla.clock=event",
                        "--set",
                        "query.port=0",
                        "--set",
                        "metrics.port=0")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.appendTo(new File(stateDir.toFile(), "rapport.log")))
                .start();
    }

    private static void readUntil(
            KafkaConsumer<String, EngagementAlert> alerts,
            Map<String, Integer> seen,
            BooleanSupplier done,
            Duration timeout) {
        long giveUp = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < giveUp) {
            alerts.poll(Duration.ofMillis(200)).forEach(r -> {
                assertThat(r.key()).isEqualTo(r.value().getAlertId());
                seen.merge(r.value().getAlertId() + " " + r.value().getStatus(), 1, Integer::sum);
            });
        }
    }

    private static KafkaConsumer<String, EngagementAlert> alertConsumer(EmbeddedKafkaBroker broker, Topics topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "alert-restart-reader");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(
                p, new StringDeserializer(), topics.alerts().valueSerde().deserializer());
    }
}
