package dev.rapport.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.config.RapportConfig;
import dev.rapport.embedded.EmbeddedKafkaBroker;
import dev.rapport.embedded.SchemaRegistryServer;
import dev.rapport.kafka.CompletionWatcher;
import dev.rapport.kafka.EventPublisher;
import dev.rapport.kafka.RapportTopics;
import dev.rapport.kafka.TopicReader;
import dev.rapport.kafka.TopicSetup;
import dev.rapport.registry.HttpSchemaRegistryClient;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.Direction;
import dev.rapport.schema.MessageEvent;
import dev.rapport.schema.Platform;
import dev.rapport.serde.SchemaRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash safety: `rapport run` in its own JVM is killed with SIGKILL several times at random
 * points while it processes a 200,000-event stream and restarted each time. The final outputs —
 * the last value per key of rapport.brand-stats (byte for byte) and the set of alerts read with
 * read_committed — must equal those of an uninterrupted run. Alerts are compared without
 * emittedAt, the wall-clock time the record was written, which differs between any two runs.
 * The crashed run is made twice: with conversation-state on the heap (the default), which every
 * restart restores from its changelog alone, and in RocksDB ({@code conversation.store=rocksdb}),
 * whose files a crash under exactly-once leaves for the restart to wipe and restore.
 */
class CrashRecoveryIT {
    private static final Logger LOG = LoggerFactory.getLogger(CrashRecoveryIT.class);
    private static final int EVENTS = 200_000;
    private static final Instant BASE = Instant.parse("2026-11-01T00:00:00Z");
    private static final String APP = "rapport";

    @TempDir
    Path work;

    @Test
    void killedAndRestartedRunProducesTheSameOutputAsAnUninterruptedOne() throws Exception {
        List<MessageEvent> events = stream();
        Outputs reference = runOnFreshBroker(events, "reference", 0, List.of());
        Outputs crashed = runOnFreshBroker(events, "crashed", 3, List.of());
        Outputs crashedInRocksDb =
                runOnFreshBroker(events, "crashed-in-rocksdb", 3, List.of("--set", "conversation.store=rocksdb"));

        assertThat(reference.stats).hasSizeGreaterThan(100);
        assertThat(reference.alerts).isNotEmpty();
        assertThat(crashed.stats)
                .as("brand-stats, last value per key, byte for byte")
                .isEqualTo(reference.stats);
        assertThat(crashed.alerts).as("alerts read_committed").isEqualTo(reference.alerts);
        assertThat(crashedInRocksDb.stats)
                .as("brand-stats, conversation-state in RocksDB")
                .isEqualTo(reference.stats);
        assertThat(crashedInRocksDb.alerts)
                .as("alerts, conversation-state in RocksDB")
                .isEqualTo(reference.alerts);
        LOG.info(
                "crash test: {} events, {} kills, {} stats keys and {} alerts identical to the uninterrupted run",
                EVENTS,
                crashed.kills,
                crashed.stats.size(),
                crashed.alerts.size());
    }

    private record Outputs(Map<String, String> stats, TreeSet<String> alerts, int kills) {}

    private Outputs runOnFreshBroker(List<MessageEvent> events, String name, int kills, List<String> settings)
            throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults());
                SchemaRegistryServer registry = SchemaRegistryServer.start("127.0.0.1", 0)) {
            Properties client = new Properties();
            client.put("bootstrap.servers", broker.bootstrapServers());
            RapportConfig config = RapportConfig.defaults().with(Map.of("topic.partitions", "3"));
            Topics topics = new Topics(new HttpSchemaRegistryClient(registry.url()));
            try (Admin admin = Admin.create(client)) {
                TopicSetup.ensure(admin, RapportTopics.specs(config));
                try (EventPublisher publisher = new EventPublisher(client, topics.messages())) {
                    publisher.publish(events, n -> {});
                    publisher.watermarkAllPartitions(
                            events.get(events.size() - 1).getOccurredAt().toEpochMilli());
                }
                SplittableRandom random = new SplittableRandom(kills * 31L + 7);
                int done = 0;
                int starts = 0;
                CompletionWatcher watcher = new CompletionWatcher(
                        admin, APP, List.of(Topics.MESSAGES, EngagementTopology.repartitionTopic(APP)));
                while (true) {
                    Process app = startRun(broker.bootstrapServers(), registry.url(), dir, settings);
                    starts++;
                    try {
                        if (done < kills) {
                            // Kill while it processes: after it reports running, at a random point.
                            awaitRunning(dir.resolve("run.log"), starts, app);
                            Thread.sleep(500 + random.nextInt(3_000));
                            assertThat(app.isAlive())
                                    .as("run died on its own; see %s", dir.resolve("run.log"))
                                    .isTrue();
                            app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                            done++;
                            continue;
                        }
                        watcher.await(
                                Duration.ofMinutes(3),
                                () -> assertThat(app.isAlive())
                                        .as("run died; see %s", dir.resolve("run.log"))
                                        .isTrue(),
                                n -> {});
                        break;
                    } finally {
                        app.destroy();
                        app.waitFor(60, TimeUnit.SECONDS);
                    }
                }
            }
            Map<String, String> stats = new TreeMap<>();
            HttpSchemaRegistryClient schemas = new HttpSchemaRegistryClient(registry.url());
            TopicReader.readAll(client, Topics.BRAND_STATS, new StringDeserializer(), new ByteArrayDeserializer())
                    .forEach(r -> stats.put(r.key(), payloadOfBrandStats(r.value(), schemas)));
            TreeSet<String> alerts = new TreeSet<>();
            TopicReader.readAll(
                            client,
                            Topics.ALERTS,
                            new StringDeserializer(),
                            topics.alerts().valueSerde().deserializer())
                    .forEach(r -> {
                        r.value().setEmittedAt(Instant.EPOCH);
                        alerts.add(OutputJson.line(OutputJson.alert(r.value())));
                    });
            return new Outputs(stats, alerts, kills);
        }
    }

    /**
     * The Avro body of a brand-stats record, byte for byte, after checking that its schema id names
     * the brand-stats schema. The id itself is left out: each run has a registry of its own, which
     * numbers schemas in the order they are first written, and a run killed early may write brand
     * stats (in a transaction that then aborts) before the first alert, where an uninterrupted run
     * wrote an alert first.
     */
    private static String payloadOfBrandStats(byte[] value, SchemaRegistry schemas) {
        ByteBuffer framed = ByteBuffer.wrap(value);
        assertThat(framed.get()).as("Confluent magic byte").isZero();
        assertThat(schemas.schemaById(framed.getInt())).isEqualTo(BrandWindowStats.getClassSchema());
        byte[] body = new byte[framed.remaining()];
        framed.get(body);
        return Base64.getEncoder().encodeToString(body);
    }

    private static void awaitRunning(Path log, int starts, Process app) throws Exception {
        long giveUp = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < giveUp) {
            assertThat(app.isAlive()).as("run died on its own; see %s", log).isTrue();
            long running = Files.readAllLines(log).stream()
                    .filter(l -> l.startsWith("rapport: running"))
                    .count();
            if (running >= starts) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run did not start; see " + log);
    }

    private static Process startRun(String bootstrap, String registryUrl, Path dir, List<String> settings)
            throws Exception {
        Path jar = Path.of(System.getProperty("rapport.jar", "target/rapport.jar"));
        List<String> command = new ArrayList<>(Arrays.asList(
                javaBinary(),
                "-Xmx768m",
                "-jar",
                jar.toString(),
                "run",
                "--bootstrap-servers",
                bootstrap,
                "--schema-registry-url",
                registryUrl,
                "--set",
                "state.dir=" + dir.resolve("state"),
                "--set",
                "query.port=" + freePort(),
                "--set",
                "metrics.port=0",
                "--set",
                "sla=30m",
                "--set",
                "window=1h",
                // Event time only, and grace over the whole stream: the answer must not depend on
                // when the process dies or how far partitions race ahead of each other.
                "--set",
                "sla.clock=event",
                "--set",
                "grace=30d"));
        command.addAll(settings);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(
                        ProcessBuilder.Redirect.appendTo(dir.resolve("run.log").toFile()))
                .start();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** 200,000 events: conversations of 1 to 5 messages over 20 brands and 3 days, some left unanswered. */
    private static List<MessageEvent> stream() {
        SplittableRandom random = new SplittableRandom(42);
        List<MessageEvent> events = new ArrayList<>(EVENTS);
        int conversation = 0;
        while (events.size() < EVENTS) {
            String id = "c" + conversation;
            String brand = "brand-" + (conversation % 20);
            Platform platform = Platform.values()[conversation % 5];
            long at = BASE.toEpochMilli() + (long) conversation * 2_000L;
            int length = 1 + random.nextInt(5);
            String previous = null;
            for (int turn = 0; turn < length && events.size() < EVENTS; turn++) {
                boolean inbound = turn % 2 == 0;
                String eventId = id + "-" + turn;
                events.add(MessageEvent.newBuilder()
                        .setEventId(eventId)
                        .setPlatform(platform)
                        .setBrandId(brand)
                        .setConversationId(id)
                        .setDirection(inbound ? Direction.INBOUND : Direction.OUTBOUND)
                        .setAuthorId(inbound ? "cust-" + conversation : brand)
                        .setInReplyTo(previous)
                        .setOccurredAt(Instant.ofEpochMilli(at))
                        .build());
                previous = eventId;
                at += 1_000L + random.nextInt(3_600_000);
            }
            conversation++;
        }
        events.sort(Comparator.comparing(MessageEvent::getOccurredAt));
        return events;
    }
}
