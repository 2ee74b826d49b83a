package dev.rapport.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.config.RapportConfig;
import dev.rapport.embedded.EmbeddedKafkaBroker;
import dev.rapport.kafka.CompletionWatcher;
import dev.rapport.kafka.EventPublisher;
import dev.rapport.kafka.TopicReader;
import dev.rapport.metrics.EngagementMetrics;
import dev.rapport.registry.SchemaRegistries;
import dev.rapport.schema.MessageEvent;
import dev.rapport.service.RapportService;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two `run` instances share the work: each owns some partitions, the query API answers the same
 * through either, and when one stops the other takes over with no lost or doubled output (the
 * final stats equal the TopologyTestDriver's over all events).
 */
class TwoInstancesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant BASE = Instant.parse("2026-11-20T10:00:00Z");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final EngagementSettings SETTINGS = EngagementSettings.builder()
            .window(Duration.ofHours(1))
            .grace(Duration.ofDays(1))
            .sla(Duration.ofMinutes(10))
            .wallClockDeadlines(false)
            .build();

    @TempDir
    Path stateA;

    @TempDir
    Path stateB;

    @Test
    void twoInstancesSplitTheWorkAnswerAlikeAndHandOverWithoutLossOrDuplicates() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults())) {
            Properties client = new Properties();
            client.put("bootstrap.servers", broker.bootstrapServers());
            RapportConfig base = RapportConfig.defaults()
                    .with(Map.of(
                            "bootstrap.servers",
                            broker.bootstrapServers(),
                            "schema.registry.url",
                            "mock://two-instances-it",
                            "sla",
                            "10m",
                            "grace",
                            "1d",
                            "sla.clock",
                            "event",
                            "topic.partitions",
                            "4"));
            int[] ports = twoFreePorts();
            int portA = ports[0];
            int portB = ports[1];
            Topics topics = new Topics(SchemaRegistries.forUrl("mock://two-instances-it"));
            List<MessageEvent> first = conversations(0, 40);
            List<MessageEvent> second = conversations(40, 40);

            try (RapportService a = RapportService.start(
                            instance(base, stateA, portA), broker.bootstrapServers(), client, EngagementMetrics.NONE);
                    Admin admin = Admin.create(client)) {
                RapportService b = RapportService.start(
                        instance(base, stateB, portB), broker.bootstrapServers(), client, EngagementMetrics.NONE);
                try (EventPublisher publisher = new EventPublisher(client, topics.messages())) {
                    TwoInstances.awaitSettled(a, b);
                    assertThat(a.streams()
                                    .metadataForLocalThreads()
                                    .iterator()
                                    .next()
                                    .activeTasks())
                            .isNotEmpty();
                    assertThat(b.streams()
                                    .metadataForLocalThreads()
                                    .iterator()
                                    .next()
                                    .activeTasks())
                            .isNotEmpty();

                    publisher.publish(first, n -> {});
                    awaitProcessed(admin);

                    for (String path : List.of(
                            "/brands/brand-1/stats?from=0",
                            "/brands/brand-2/stats?from=0",
                            "/conversations/conv-3",
                            "/conversations/conv-17",
                            "/waits?brand=brand-0")) {
                        JsonNode viaA = get(portA, path);
                        JsonNode viaB = get(portB, path);
                        assertThat(viaA).as(path).isEqualTo(viaB);
                    }
                    assertThat(get(portA, "/brands/brand-1/stats?from=0").path("windows"))
                            .isNotEmpty();
                    assertThat(get(portA, "/waits?brand=brand-0")
                                    .path("waiting")
                                    .asInt())
                            .as("every fourth conversation of brand-0 is left unanswered")
                            .isGreaterThan(0);

                    b.close();
                    publisher.publish(second, n -> {});
                    awaitProcessed(admin);
                } finally {
                    b.close();
                }
            }

            Map<String, String> actual = new TreeMap<>();
            TopicReader.readAll(
                            client,
                            Topics.BRAND_STATS,
                            new StringDeserializer(),
                            topics.brandStats().valueSerde().deserializer())
                    .forEach(r -> actual.put(r.key(), OutputJson.line(OutputJson.stats(r.value()))));
            assertThat(actual).isEqualTo(expected(first, second));
        }
    }

    private static Map<String, String> expected(List<MessageEvent> first, List<MessageEvent> second) {
        try (TopologyHarness harness = new TopologyHarness(SETTINGS)) {
            first.forEach(harness::send);
            second.forEach(harness::send);
            return harness.statsLines();
        }
    }

    /** Conversations over 4 brands: a question and an answer minutes later; every fourth stays open. */
    private static List<MessageEvent> conversations(int from, int count) {
        return FourBrandConversations.of(BASE, from, count, i -> Duration.ofSeconds(30L + 17L * i));
    }

    private static RapportConfig instance(RapportConfig base, Path state, int port) {
        return base.with(Map.of("state.dir", state.toString(), "query.port", Integer.toString(port)));
    }

    private static void awaitProcessed(Admin admin) {
        new CompletionWatcher(
                        admin, "rapport", List.of(Topics.MESSAGES, EngagementTopology.repartitionTopic("rapport")))
                .await(Duration.ofMinutes(2), () -> {}, n -> {});
    }

    private static JsonNode get(int port, String path) throws Exception {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 503 && attempt < 50) {
                Thread.sleep(200);
                continue;
            }
            assertThat(response.statusCode())
                    .as("%s: %s", path, response.body())
                    .isEqualTo(200);
            JsonNode body = JSON.readTree(response.body());
            body.path("waits").forEach(w -> ((ObjectNode) w).remove("waitedMs"));
            return body;
        }
    }

    /** Both sockets stay open until both ports are known, so the two ports differ. */
    private static int[] twoFreePorts() throws IOException {
        try (ServerSocket first = new ServerSocket(0);
                ServerSocket second = new ServerSocket(0)) {
            return new int[] {first.getLocalPort(), second.getLocalPort()};
        }
    }
}
