package dev.rapport.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.config.RapportConfig;
import dev.rapport.embedded.EmbeddedKafkaBroker;
import dev.rapport.kafka.CompletionWatcher;
import dev.rapport.kafka.EventPublisher;
import dev.rapport.metrics.EngagementMetrics;
import dev.rapport.registry.SchemaRegistries;
import dev.rapport.schema.MessageEvent;
import dev.rapport.topology.EngagementTopology;
import dev.rapport.topology.FourBrandConversations;
import dev.rapport.topology.Topics;
import dev.rapport.topology.TwoInstances;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two `run` instances, and the query API of one becomes unreachable while Kafka Streams still
 * lists it: the other answers /waits with its own part and names the missing instance, answers
 * 503 naming the owner for a key the missing one owns, and answers in full again once the
 * instance is back, and once the group has handed the partitions of a stopped one over.
 *
 * <p>Instance B listens on 127.0.0.1 and advertises 127.0.0.2 (application.server), where a TCP
 * proxy of this test forwards to it, refuses connections, or accepts them and never answers; so
 * the faults are real network faults, seen by the other instance's HTTP client.
 */
class QueryPeerDownIT {
    private static final Logger REPORT = LoggerFactory.getLogger(QueryPeerDownIT.class);

    /** The measured figures, to the test log rather than standard output. */
    private static void report(String format, Object... args) {
        REPORT.info(String.format(format, args).stripTrailing());
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Instant BASE = Instant.parse("2026-11-20T10:00:00Z");
    private static final String TOKEN = "peer-down-token";
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(1);
    private static final String BRAND = "brand-0";

    @TempDir
    Path stateA;

    @TempDir
    Path stateB;

    @Test
    void theQueryApiAnswersWithTheReachableInstancesAndNamesTheMissingOne() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults())) {
            java.util.Properties client = new java.util.Properties();
            client.put("bootstrap.servers", broker.bootstrapServers());
            Map<String, String> common = Map.of(
                    "bootstrap.servers", broker.bootstrapServers(),
                    "schema.registry.url", "mock://query-peer-down-it",
                    "sla", "10m",
                    "grace", "1d",
                    "sla.clock", "event",
                    "topic.partitions", "4",
                    "query.token", TOKEN,
                    "query.peer-timeout", "1s");
            RapportConfig base = RapportConfig.defaults().with(common);
            int portA = freePort();
            int portB = freePort();
            HostInfo advertisedB = new HostInfo("127.0.0.2", portB);
            String b = advertisedB.host() + ":" + advertisedB.port();
            Topics topics = new Topics(SchemaRegistries.forUrl("mock://query-peer-down-it"));

            try (Proxy proxy = new Proxy(new InetSocketAddress("127.0.0.2", portB), portB);
                    RapportService a = RapportService.start(
                            base.with(Map.of("state.dir", stateA.toString(), "query.port", Integer.toString(portA))),
                            broker.bootstrapServers(),
                            client,
                            EngagementMetrics.NONE);
                    RapportService serviceB = RapportService.start(
                            base.with(Map.of(
                                    "state.dir",
                                    stateB.toString(),
                                    "query.port",
                                    Integer.toString(portB),
                                    "query.advertised-host",
                                    "127.0.0.2")),
                            broker.bootstrapServers(),
                            client,
                            EngagementMetrics.NONE);
                    Admin admin = Admin.create(client);
                    EventPublisher publisher = new EventPublisher(client, topics.messages())) {
                TwoInstances.awaitSettled(a, serviceB);
                publisher.publish(conversations(), n -> {});
                new CompletionWatcher(
                                admin,
                                "rapport",
                                List.of(Topics.MESSAGES, EngagementTopology.repartitionTopic("rapport")))
                        .await(Duration.ofMinutes(2), () -> {}, n -> {});

                // Everyone up: the whole answer, and each instance's own part of it.
                HttpResponse<String> whole = getUntilNot503(portA, "/waits?brand=" + BRAND);
                assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
                assertThat(whole.headers().firstValue("Rapport-Missing-Instances"))
                        .isEmpty();
                assertThat(json(whole).path("complete").asBoolean()).isTrue();
                Set<String> all = conversationIds(json(whole));
                Set<String> ofA = conversationIds(json(get(portA, "/waits?local=true&brand=" + BRAND)));
                Set<String> ofB = conversationIds(json(get(portB, "/waits?local=true&brand=" + BRAND)));
                assertThat(ofA).as("A holds some of brand-0's waits").isNotEmpty();
                assertThat(ofB).as("B holds some of brand-0's waits").isNotEmpty();
                assertThat(union(ofA, ofB)).isEqualTo(all);
                String keyOfB = conversationOwnedBy(a, advertisedB);
                JsonNode conversationOfB = json(get(portA, "/conversations/" + keyOfB));
                assertThat(conversationOfB.path("conversationId").asText()).isEqualTo(keyOfB);

                // B's query API refuses connections; Kafka Streams still lists B as the owner.
                proxy.refuse();
                assertPartial(portA, b, "connection refused", ofA);
                assertOwnerMissing(portA, keyOfB, b, "connection refused");

                // B accepts connections and never answers.
                proxy.hang();
                long started = System.nanoTime();
                assertPartial(portA, b, "timeout", ofA);
                long partialMs = (System.nanoTime() - started) / 1_000_000;
                started = System.nanoTime();
                assertOwnerMissing(portA, keyOfB, b, "timeout");
                long ownerMs = (System.nanoTime() - started) / 1_000_000;
                report(
                        "peer hanging, peer timeout %d ms: /waits answered in %d ms, key query in %d ms%n",
                        PEER_TIMEOUT.toMillis(), partialMs, ownerMs);
                assertThat(partialMs).isGreaterThanOrEqualTo(PEER_TIMEOUT.toMillis() - 50);

                // B is back.
                proxy.forward();
                HttpResponse<String> back = get(portA, "/waits?brand=" + BRAND);
                assertThat(back.headers().firstValue("Rapport-Missing-Instances"))
                        .isEmpty();
                assertThat(json(back).path("complete").asBoolean()).isTrue();
                assertThat(conversationIds(json(back))).isEqualTo(all);
                assertThat(json(get(portA, "/conversations/" + keyOfB))).isEqualTo(conversationOfB);

                // B is gone for good (stopped without leaving the group, as after a crash): A answers
                // without it until the group notices, then in full from the partitions it took over.
                proxy.refuse();
                long stopped = System.nanoTime();
                serviceB.close();
                long giveUp = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                int partial = 0;
                HttpResponse<String> afterRebalance;
                while (true) {
                    afterRebalance = get(portA, "/waits?brand=" + BRAND);
                    if (afterRebalance.statusCode() == 200) {
                        JsonNode body = json(afterRebalance);
                        if (body.path("complete").asBoolean()) {
                            break;
                        }
                        partial++;
                        assertThat(body.path("missingInstances")
                                        .get(0)
                                        .path("instance")
                                        .asText())
                                .isEqualTo(b);
                    } else {
                        assertThat(afterRebalance.statusCode())
                                .as("during the rebalance: %s", afterRebalance.body())
                                .isEqualTo(503);
                    }
                    assertThat(System.nanoTime())
                            .as("A took B's partitions over")
                            .isLessThan(giveUp);
                    Thread.sleep(500);
                }
                report("B stopped: %d partial answers naming it first%n", partial);
                report(
                        "B stopped: /waits complete again from A alone after %d ms%n",
                        (System.nanoTime() - stopped) / 1_000_000);
                assertThat(conversationIds(json(afterRebalance))).isEqualTo(all);
                HttpResponse<String> taken = getUntilNot503(portA, "/conversations/" + keyOfB);
                assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
                assertThat(taken.headers().firstValue("X-Rapport-Served-By")).contains("127.0.0.1:" + portA);
                assertThat(json(taken)).isEqualTo(conversationOfB);
            }
        }
    }

    private static void assertPartial(int port, String missing, String reason, Set<String> expected) throws Exception {
        HttpResponse<String> response = get(port, "/waits?brand=" + BRAND);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Rapport-Missing-Instances")).contains(missing);
        JsonNode body = json(response);
        assertThat(body.path("complete").asBoolean(true)).isFalse();
        assertThat(body.path("missingInstances")).hasSize(1);
        assertThat(body.path("missingInstances").get(0).path("instance").asText())
                .isEqualTo(missing);
        assertThat(body.path("missingInstances").get(0).path("reason").asText()).isEqualTo(reason);
        assertThat(conversationIds(body)).as("the waits A holds").isEqualTo(expected);
        assertThat(body.path("waiting").asInt()).isEqualTo(expected.size());
    }

    private static void assertOwnerMissing(int port, String key, String owner, String reason) throws Exception {
        HttpResponse<String> response = get(port, "/conversations/" + key);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(response.headers().firstValue("Rapport-Missing-Instances")).contains(owner);
        JsonNode body = json(response);
        assertThat(body.path("owner").asText()).isEqualTo(owner);
        assertThat(body.path("reason").asText()).isEqualTo(reason);
        assertThat(body.path("error").asText()).contains(owner);
    }

    private static String conversationOwnedBy(RapportService service, HostInfo owner) {
        for (int i = 0; i < 40; i++) {
            String key = "conv-" + i;
            HostInfo host = service.streams()
                    .queryMetadataForKey(
                            EngagementTopology.CONVERSATION_STORE,
                            key,
                            Serdes.String().serializer())
                    .activeHost();
            if (owner.equals(host)) {
                return key;
            }
        }
        throw new AssertionError("no conversation owned by " + owner);
    }

    /** 40 conversations over 4 brands; every fourth (all of brand-0's) stays unanswered. */
    private static List<MessageEvent> conversations() {
        return FourBrandConversations.of(BASE, 0, 40, i -> Duration.ofSeconds(30));
    }

    private static Set<String> conversationIds(JsonNode body) {
        Set<String> ids = new TreeSet<>();
        body.path("waits").forEach(w -> ids.add(w.path("conversationId").asText()));
        return ids;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Bearer " + TOKEN)
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits out the 503s of a rebalance or restoration. */
    private static HttpResponse<String> getUntilNot503(int port, String path) throws Exception {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> response = get(port, path);
            if (response.statusCode() != 503 || attempt >= 100) {
                return response;
            }
            Thread.sleep(500);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * A TCP proxy from an address of its own to 127.0.0.1:{@code targetPort}. Every change of mode
     * cuts the connections it holds, so kept-alive client connections see the fault too.
     */
    private static final class Proxy implements AutoCloseable {
        private final InetSocketAddress listen;
        private final int targetPort;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private volatile ServerSocket server;
        private volatile boolean forwarding;

        Proxy(InetSocketAddress listen, int targetPort) throws IOException {
            this.listen = listen;
            this.targetPort = targetPort;
            forward();
        }

        synchronized void forward() throws IOException {
            listen(true);
        }

        /** Accepts connections and never answers. */
        synchronized void hang() throws IOException {
            listen(false);
        }

        /** Nothing listens: connections are refused. */
        synchronized void refuse() {
            stopListening();
            cutConnections();
        }

        private void listen(boolean forward) throws IOException {
            cutConnections();
            forwarding = forward;
            if (server != null) {
                return;
            }
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(listen);
            server = socket;
            Thread acceptor = new Thread(() -> accept(socket), "proxy-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void accept(ServerSocket socket) {
            while (!socket.isClosed()) {
                try {
                    Socket in = socket.accept();
                    sockets.add(in);
                    if (forwarding) {
                        Socket out = new Socket(InetAddress.getByName("127.0.0.1"), targetPort);
                        sockets.add(out);
                        pump(in, out);
                        pump(out, in);
                    }
                } catch (IOException e) {
                    // closed by refuse() or close(), or the target is down: the client sees the cut
                }
            }
        }

        private static void pump(Socket from, Socket to) {
            Thread thread = new Thread(
                    () -> {
                        try (InputStream in = from.getInputStream();
                                OutputStream out = to.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException e) {
                            // one side closed
                        } finally {
                            closeQuietly(from);
                            closeQuietly(to);
                        }
                    },
                    "proxy-pump");
            thread.setDaemon(true);
            thread.start();
        }

        private void stopListening() {
            if (server != null) {
                closeQuietly(server);
                server = null;
            }
        }

        private void cutConnections() {
            sockets.forEach(Proxy::closeQuietly);
            sockets.clear();
        }

        private static void closeQuietly(AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // already closed
            }
        }

        @Override
        public synchronized void close() {
            stopListening();
            cutConnections();
        }
    }
}
