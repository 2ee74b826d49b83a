package dev.rapport.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rapport.topology.EngagementTopology;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The query API with other instances that hang, refuse connections, fail or refuse the token: it
 * answers with what the reachable instances hold and names the others, within about one peer
 * timeout however many are down; a key query whose owner does not answer gets 503 naming it.
 */
class QueryServerPeersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOKEN = "s3cret";
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(1);

    private final CountDownLatch release = new CountDownLatch(1);
    private final List<HttpServer> fakes = new ArrayList<>();
    private final List<AutoCloseable> servers = new ArrayList<>();
    private final FakeState state = new FakeState("local-conv");
    private HostInfo self;

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        for (AutoCloseable server : servers) {
            server.close();
        }
        fakes.forEach(f -> f.stop(0));
    }

    @Test
    void waitsAnswerWithTheReachableInstancesAndNameTheMissingOnesWithTheirReason() throws Exception {
        HostInfo answering = peer(this::answersWaits);
        HostInfo hanging = peer(this::hangs);
        HostInfo failing = peer(exchange -> send(exchange, 500, "{\"error\":\"boom\"}"));
        HostInfo refusing = closedPort();
        int port = startQueryServer(answering, hanging, failing, refusing);

        long started = System.nanoTime();
        HttpResponse<String> response = get(port, "/waits?brand=acme", TOKEN);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Set.of(response.headers()
                        .firstValue(QueryServer.MISSING_INSTANCES)
                        .orElseThrow()
                        .split(",")))
                .containsExactlyInAnyOrder(address(hanging), address(failing), address(refusing));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("complete").asBoolean(true)).isFalse();
        assertThat(conversations(body))
                .as("this instance's wait and the answering peer's, longest waiting first")
                .containsExactly("peer-conv", "local-conv");
        assertThat(body.path("waiting").asInt()).isEqualTo(2);
        Map<String, JsonNode> missing = new HashMap<>();
        body.path("missingInstances")
                .forEach(m -> missing.put(m.path("instance").asText(), m));
        assertThat(missing).containsOnlyKeys(address(hanging), address(failing), address(refusing));
        assertThat(missing.get(address(hanging)).path("reason").asText()).isEqualTo("timeout");
        assertThat(missing.get(address(failing)).path("reason").asText()).isEqualTo("HTTP 500");
        assertThat(missing.get(address(failing)).path("detail").asText()).isEqualTo("boom");
        assertThat(missing.get(address(refusing)).path("reason").asText()).isEqualTo("connection refused");
        assertThat(took)
                .as("waited for the hanging peer about one timeout")
                .isGreaterThanOrEqualTo(PEER_TIMEOUT.minusMillis(50))
                .isLessThan(PEER_TIMEOUT.plusMillis(1500));
    }

    @Test
    void instancesThatHangAreAskedAtOnceSoTheAnswerTakesOneTimeoutNotOneEach() throws Exception {
        HostInfo[] hanging = {peer(this::hangs), peer(this::hangs), peer(this::hangs), peer(this::hangs)};
        int port = startQueryServer(hanging);

        long started = System.nanoTime();
        HttpResponse<String> response = get(port, "/waits?brand=acme", TOKEN);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("missingInstances")).hasSize(4);
        assertThat(conversations(JSON.readTree(response.body()))).containsExactly("local-conv");
        assertThat(took)
                .as("four peers asked one after the other would take 4 s")
                .isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void twoInstancesGatheringFromEachOtherUnderLoadDoNotStarveEachOther() throws Exception {
        // More simultaneous /waits than either has query threads: a thread held while waiting for
        // the other would leave none to answer the other's request, and every answer would be
        // partial after one peer timeout.
        int portA = closedPort().port();
        int portB = closedPort().port();
        HostInfo a = new HostInfo("127.0.0.1", portA);
        HostInfo b = new HostInfo("127.0.0.1", portB);
        FakeState stateA = new FakeState("conv-a");
        FakeState stateB = new FakeState("conv-b");
        stateA.instances.addAll(List.of(a, b));
        stateB.instances.addAll(List.of(a, b));
        servers.add(new QueryServer(stateA, "127.0.0.1", a, TOKEN, PEER_TIMEOUT, () -> 1_000L).start());
        servers.add(new QueryServer(stateB, "127.0.0.1", b, TOKEN, PEER_TIMEOUT, () -> 1_000L).start());

        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            calls.add(HTTP.sendAsync(
                    HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + (i % 2 == 0 ? portA : portB) + "/waits?brand=acme"))
                            .header("Authorization", "Bearer " + TOKEN)
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (java.util.concurrent.CompletableFuture<HttpResponse<String>> call : calls) {
            JsonNode body = JSON.readTree(call.get().body());
            assertThat(body.path("complete").asBoolean()).as(body.toString()).isTrue();
            assertThat(conversations(body)).containsExactlyInAnyOrder("conv-a", "conv-b");
        }
    }

    @Test
    void whenEveryInstanceAnswersTheAnswerIsCompleteWithNoMissingHeader() throws Exception {
        HostInfo answering = peer(this::answersWaits);
        int port = startQueryServer(answering);

        HttpResponse<String> response = get(port, "/waits?brand=acme", TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(QueryServer.MISSING_INSTANCES)).isEmpty();
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("complete").asBoolean(false)).isTrue();
        assertThat(body.path("missingInstances")).isEmpty();
        assertThat(conversations(body)).containsExactly("peer-conv", "local-conv");
        assertThat(response.headers().firstValue(QueryServer.SERVED_BY)).contains("127.0.0.1:" + self.port());
    }

    @Test
    void anInstanceThatRefusesTheTokenIsMissingWithAHintAboutTheSharedToken() throws Exception {
        HostInfo otherToken = peer(exchange -> send(exchange, 401, "{\"error\":\"missing or wrong bearer token\"}"));
        int port = startQueryServer(otherToken);

        JsonNode body = JSON.readTree(get(port, "/waits?brand=acme", TOKEN).body());

        JsonNode missing = body.path("missingInstances").get(0);
        assertThat(missing.path("reason").asText()).isEqualTo("HTTP 401");
        assertThat(missing.path("detail").asText()).contains("query.token");
    }

    @Test
    void aKeyQueryWhoseOwnerDoesNotAnswerGets503NamingTheOwner() throws Exception {
        HostInfo hanging = peer(this::hangs);
        HostInfo refusing = closedPort();
        int port = startQueryServer(hanging, refusing);
        state.owners.put("conv-hung", hanging);
        state.owners.put("conv-gone", refusing);

        for (Map.Entry<String, HostInfo> owner :
                Map.of("conv-hung", hanging, "conv-gone", refusing).entrySet()) {
            long started = System.nanoTime();
            HttpResponse<String> response = get(port, "/conversations/" + owner.getKey(), TOKEN);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).contains(QueryServer.RETRY_AFTER_SECONDS);
            assertThat(response.headers().firstValue(QueryServer.MISSING_INSTANCES))
                    .contains(address(owner.getValue()));
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.path("owner").asText()).isEqualTo(address(owner.getValue()));
            assertThat(body.path("error").asText()).contains(address(owner.getValue()));
            assertThat(body.path("reason").asText())
                    .isEqualTo(owner.getValue().equals(hanging) ? "timeout" : "connection refused");
            assertThat(took).isLessThan(PEER_TIMEOUT.plusMillis(1500));
        }
    }

    @Test
    void aKeyQueryIsForwardedWithTheTokenAndTheOwnersAnswerPassedOn() throws Exception {
        HostInfo owner = peer(this::answersConversation);
        HostInfo otherToken = peer(exchange -> send(exchange, 401, "{\"error\":\"missing or wrong bearer token\"}"));
        HostInfo failing = peer(exchange -> send(exchange, 500, "{\"error\":\"boom\"}"));
        int port = startQueryServer(owner, otherToken, failing);
        state.owners.put("conv-1", owner);
        state.owners.put("conv-2", otherToken);
        state.owners.put("conv-3", failing);

        HttpResponse<String> found = get(port, "/conversations/conv-1", TOKEN);
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(found.body()).path("conversationId").asText()).isEqualTo("conv-1");
        assertThat(found.headers().firstValue(QueryServer.SERVED_BY)).contains(address(owner));

        HttpResponse<String> refused = get(port, "/conversations/conv-2", TOKEN);
        assertThat(refused.statusCode())
                .as("the caller's token was right; the instances disagree")
                .isEqualTo(502);
        assertThat(JSON.readTree(refused.body()).path("error").asText())
                .contains(address(otherToken))
                .contains("query.token");

        HttpResponse<String> failed = get(port, "/conversations/conv-3", TOKEN);
        assertThat(failed.statusCode())
                .as("the owner answered: its answer stands")
                .isEqualTo(500);
        assertThat(failed.body()).contains("boom");
    }

    @Test
    void theApiStillRequiresTheTokenAndANotReadyInstanceSaysWhenToRetry() throws Exception {
        int port = startQueryServer(peer(this::answersWaits));
        assertThat(get(port, "/waits?brand=acme", null).statusCode()).isEqualTo(401);
        assertThat(get(port, "/waits?brand=acme", "wrong").statusCode()).isEqualTo(401);

        state.notReady = "Kafka Streams is REBALANCING";
        HttpResponse<String> response = get(port, "/waits?brand=acme", TOKEN);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains(QueryServer.RETRY_AFTER_SECONDS);
    }

    @Test
    void peersNameWhyAnInstanceGaveNoAnswer() throws Exception {
        Peers peers = new Peers(TOKEN, Duration.ofMillis(500));
        Peers.Answer refused =
                peers.ask(closedPort(), "/waits?brand=a&local=true").join();
        assertThat(refused.failure()).isEqualTo(Peers.CONNECTION_REFUSED);
        Peers.Answer hung =
                peers.ask(peer(this::hangs), "/waits?brand=a&local=true").join();
        assertThat(hung.failure()).isEqualTo(Peers.TIMEOUT);
        Peers.Answer stalled = peers.ask(peer(this::sendsHeadersThenStalls), "/waits?brand=a&local=true")
                .join();
        assertThat(stalled.failure()).as("headers alone are no answer").isEqualTo(Peers.TIMEOUT);
        Peers.Answer answered =
                peers.ask(peer(this::answersWaits), "/waits?brand=a&local=true").join();
        assertThat(answered.answered()).isTrue();
        assertThat(answered.status()).isEqualTo(200);
    }

    // --- the instance under test and its fake peers

    private int startQueryServer(HostInfo... peers) throws IOException {
        self = closedPort();
        state.instances.add(self);
        state.instances.addAll(List.of(peers));
        QueryServer server = new QueryServer(state, "127.0.0.1", self, TOKEN, PEER_TIMEOUT, () -> 1_000_000L).start();
        servers.add(server);
        return server.port();
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws Exception;
    }

    private HostInfo peer(Handler handler) throws IOException {
        HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fake.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-peer");
            t.setDaemon(true);
            return t;
        }));
        fake.createContext("/", exchange -> {
            try (exchange) {
                if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    send(exchange, 401, "{\"error\":\"missing or wrong bearer token\"}");
                    return;
                }
                handler.handle(exchange);
            } catch (Exception e) {
                throw new IOException(e);
            }
        });
        fake.start();
        fakes.add(fake);
        return new HostInfo("127.0.0.1", fake.getAddress().getPort());
    }

    private void answersWaits(HttpExchange exchange) throws IOException {
        assertThat(exchange.getRequestURI().getQuery()).contains("local=true");
        send(
                exchange,
                200,
                "{\"brandId\":\"acme\",\"waiting\":1,\"waits\":[{\"conversationId\":\"peer-conv\","
                        + "\"waitingSince\":10,\"waitedMs\":999990}]}");
    }

    private void answersConversation(HttpExchange exchange) throws IOException {
        String id = exchange.getRequestURI().getPath().substring("/conversations/".length());
        send(exchange, 200, "{\"conversationId\":\"" + id + "\"}");
    }

    private void hangs(HttpExchange exchange) throws InterruptedException {
        release.await();
    }

    private void sendsHeadersThenStalls(HttpExchange exchange) throws Exception {
        exchange.sendResponseHeaders(200, 100);
        exchange.getResponseBody().write('{');
        exchange.getResponseBody().flush();
        release.await();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A port nothing listens on (any more): connections to it are refused. */
    private static HostInfo closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return new HostInfo("127.0.0.1", socket.getLocalPort());
        }
    }

    private static String address(HostInfo host) {
        return host.host() + ":" + host.port();
    }

    private static List<String> conversations(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.path("waits").forEach(w -> ids.add(w.path("conversationId").asText()));
        return ids;
    }

    private static HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** This instance: one wait of its own, the instances and key owners the test sets. */
    private static final class FakeState implements QueryState {
        final String conversation;
        final Set<HostInfo> instances = new HashSet<>();
        final Map<String, HostInfo> owners = new HashMap<>();
        volatile String notReady;

        FakeState(String conversation) {
            this.conversation = conversation;
        }

        @Override
        public String notReady() {
            return notReady;
        }

        @Override
        public List<HostInfo> instancesWith(String store) {
            assertThat(store).isEqualTo(EngagementTopology.CONVERSATION_STORE);
            return List.copyOf(instances);
        }

        @Override
        public HostInfo owner(String store, String key) {
            return owners.get(key);
        }

        @Override
        public ArrayNode waits(String brandId, long nowMs) {
            ArrayNode waits = JSON.createArrayNode();
            ObjectNode wait =
                    waits.addObject().put("conversationId", conversation).put("waitingSince", 20);
            wait.put("waitedMs", nowMs - 20);
            return waits;
        }

        @Override
        public ArrayNode stats(String brandId, Instant from, Instant to) {
            return JSON.createArrayNode();
        }

        @Override
        public ObjectNode conversation(String conversationId) {
            return null;
        }
    }
}
