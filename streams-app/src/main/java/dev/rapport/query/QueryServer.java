package dev.rapport.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rapport.config.Durations;
import dev.rapport.config.Setting;
import dev.rapport.topology.EngagementTopology;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * HTTP API over the application's state (Kafka Streams interactive queries). Any instance
 * answers any query: a key query is forwarded to the instance that owns the key (found from
 * {@code application.server} metadata), and a brand's waits, spread over every instance, are
 * gathered from all of them at once. The {@code X-Rapport-Served-By} header says who answered.
 *
 * <p>Another instance that does not answer within the peer timeout (down, hung, refusing, failing)
 * does not fail the query: gathered answers hold what the others hold and name the missing
 * instances (header {@code Rapport-Missing-Instances} and field {@code missingInstances}); a key
 * query whose owner does not answer gets 503 with {@code Retry-After}, naming the owner.
 *
 * <pre>
 * GET /waits?brand=B                          customers of brand B waiting now
 * GET /brands/B/stats?from=T&amp;to=T             B's windows starting in [from, to] (ISO or epoch ms)
 * GET /conversations/C                        the state of conversation C
 * </pre>
 */
public final class QueryServer implements AutoCloseable {
    static final String SERVED_BY = "X-Rapport-Served-By";
    static final String MISSING_INSTANCES = "Rapport-Missing-Instances";
    /**
     * An owner that does not answer is either back within seconds (a restart, a pause) or replaced
     * when the group notices it is gone (the consumer session timeout, 6 s by Rapport's default) and its
     * tasks restored elsewhere: a few seconds between retries follows both without hammering.
     */
    static final String RETRY_AFTER_SECONDS = "5";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOCAL_ONLY = "local=true";

    private final QueryState state;
    private final HostInfo self;
    private final String token;
    private final LongSupplier wallClock;
    private final Peers peers;
    private final ExecutorService pool;
    private final HttpServer server;

    /**
     * @param self this instance as other instances reach it: the {@code application.server} value
     * @param token required as {@code Authorization: Bearer <token>}; empty = no authentication
     * @param peerTimeout how long to wait for another instance
     */
    public QueryServer(
            KafkaStreams streams,
            String bindAddress,
            HostInfo self,
            String token,
            Duration peerTimeout,
            LongSupplier wallClock)
            throws IOException {
        this(new StreamsQueryState(streams), bindAddress, self, token, peerTimeout, wallClock);
    }

    /** With the default peer timeout. */
    public QueryServer(KafkaStreams streams, String bindAddress, HostInfo self, String token, LongSupplier wallClock)
            throws IOException {
        this(
                streams,
                bindAddress,
                self,
                token,
                Durations.parseOrNull(Setting.QUERY_PEER_TIMEOUT.defaultValue()),
                wallClock);
    }

    QueryServer(
            QueryState state,
            String bindAddress,
            HostInfo self,
            String token,
            Duration peerTimeout,
            LongSupplier wallClock)
            throws IOException {
        this.state = state;
        this.self = self;
        this.token = token;
        this.wallClock = wallClock;
        this.peers = new Peers(token, peerTimeout);
        this.server = HttpServer.create(new InetSocketAddress(bindAddress, self.port()), 0);
        this.pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "rapport-query");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
    }

    public QueryServer start() {
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        boolean answered = true;
        try {
            if (!authorized(exchange)) {
                respond(exchange, 401, error("missing or wrong bearer token"));
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, error("only GET"));
                return;
            }
            String notReady = state.notReady();
            if (notReady != null) {
                retryLater(exchange);
                respond(exchange, 503, error("not ready: " + notReady));
                return;
            }
            answered = route(exchange);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            respond(exchange, 400, error(e.getMessage()));
        } catch (InvalidStateStoreException e) {
            retryLater(exchange);
            respond(exchange, 503, error("state is being restored or rebalanced, retry: " + e.getMessage()));
        } finally {
            if (answered) {
                exchange.close();
            }
        }
    }

    /**
     * Answers the request, or arranges for it to be answered once other instances have: then it
     * returns false and the exchange is closed later. No query thread waits for another instance,
     * so instances asking each other at the same time cannot starve each other of threads (which
     * would turn every answer partial after one timeout).
     */
    private boolean route(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        String[] path = uri.getPath().split("/");
        Map<String, String> query = params(uri.getRawQuery());
        if (path.length == 2 && path[1].equals("waits")) {
            String brand = required(query, "brand");
            if ("true".equals(query.get("local"))) {
                ArrayNode waits = state.waits(brand, wallClock.getAsLong());
                respond(
                        exchange,
                        200,
                        JSON.createObjectNode()
                                .put("brandId", brand)
                                .put("waiting", waits.size())
                                .set("waits", longestWaitingFirst(waits)));
                return true;
            }
            List<HostInfo> others = state.instancesWith(EngagementTopology.CONVERSATION_STORE).stream()
                    .filter(instance -> !instance.equals(self))
                    .toList();
            // Asked before this instance reads its own part, so both happen at once.
            CompletableFuture<List<Peers.Answer>> calls =
                    peers.askAll(others, uri.getRawPath() + "?" + uri.getRawQuery() + "&" + LOCAL_ONLY);
            ArrayNode waits = state.waits(brand, wallClock.getAsLong());
            answerLater(exchange, calls, answers -> {
                ArrayNode missing = merge(answers, waits);
                ObjectNode answer = JSON.createObjectNode()
                        .put("brandId", brand)
                        .put("waiting", waits.size())
                        .set("waits", longestWaitingFirst(waits));
                answer.put("complete", missing.isEmpty()).set("missingInstances", missing);
                if (!missing.isEmpty()) {
                    // 200, not an error: the waits listed are true, and the body says what is left out.
                    // A 5xx would make clients and proxies throw away (or retry for) what the reachable
                    // instances hold; 206 is for range requests only.
                    List<String> names = new ArrayList<>();
                    missing.forEach(m -> names.add(m.path("instance").asText()));
                    exchange.getResponseHeaders().set(MISSING_INSTANCES, String.join(",", names));
                }
                respond(exchange, 200, answer);
            });
            return false;
        } else if (path.length == 4 && path[1].equals("brands") && path[3].equals("stats")) {
            String brand = decode(path[2]);
            HostInfo owner = state.owner(EngagementTopology.WINDOW_STORE, brand);
            if (!owner.equals(self)) {
                forward(exchange, owner, uri, "brand " + brand);
                return false;
            }
            Instant from = LocalStores.parseInstant(query.get("from"), Instant.EPOCH);
            Instant to = LocalStores.parseInstant(query.get("to"), Instant.ofEpochMilli(wallClock.getAsLong()));
            respond(
                    exchange,
                    200,
                    JSON.createObjectNode().put("brandId", brand).set("windows", state.stats(brand, from, to)));
        } else if (path.length == 3 && path[1].equals("conversations")) {
            String conversation = decode(path[2]);
            HostInfo owner = state.owner(EngagementTopology.CONVERSATION_STORE, conversation);
            if (!owner.equals(self)) {
                forward(exchange, owner, uri, "conversation " + conversation);
                return false;
            }
            JsonNode found = state.conversation(conversation);
            if (found == null) {
                respond(exchange, 404, error("no conversation " + conversation));
            } else {
                respond(exchange, 200, found);
            }
        } else {
            respond(
                    exchange,
                    404,
                    error("unknown path; see GET /waits?brand=, /brands/{brand}/stats, /conversations/{id}"));
        }
        return true;
    }

    private interface Answering<T> {
        void answer(T result) throws IOException;
    }

    /** Answers on a query thread once {@code calls} complete (they always do, within the peer timeout). */
    private <T> void answerLater(HttpExchange exchange, CompletableFuture<T> calls, Answering<T> answering) {
        calls.thenAcceptAsync(
                result -> {
                    try (exchange) {
                        answering.answer(result);
                    } catch (IOException | RuntimeException e) {
                        // The caller went away, or the answer could not be written: nothing left to tell it.
                    }
                },
                pool);
    }

    /** The same order whichever instance answers: longest waiting first, then by conversation. */
    private static ArrayNode longestWaitingFirst(ArrayNode waits) {
        List<JsonNode> sorted = new ArrayList<>();
        waits.forEach(sorted::add);
        sorted.sort(
                Comparator.comparingLong((JsonNode w) -> w.path("waitingSince").asLong())
                        .thenComparing(w -> w.path("conversationId").asText()));
        return JSON.createArrayNode().addAll(sorted);
    }

    /** Adds the other instances' waits to {@code into}; returns the instances that gave none, and why. */
    private static ArrayNode merge(List<Peers.Answer> answers, ArrayNode into) {
        ArrayNode missing = JSON.createArrayNode();
        for (Peers.Answer answer : answers) {
            if (!answer.answered()) {
                missing.add(missing(answer.instance(), answer.failure(), answer.detail()));
                continue;
            }
            if (answer.status() != 200) {
                missing.add(missing(answer.instance(), "HTTP " + answer.status(), statusDetail(answer)));
                continue;
            }
            JsonNode waits;
            try {
                waits = JSON.readTree(answer.body()).path("waits");
            } catch (IOException e) {
                waits = null;
            }
            if (waits == null || !waits.isArray()) {
                missing.add(missing(answer.instance(), "bad answer", "no waits in its answer"));
                continue;
            }
            waits.forEach(into::add);
        }
        return missing;
    }

    private static ObjectNode missing(HostInfo instance, String reason, String detail) {
        return JSON.createObjectNode()
                .put("instance", Peers.address(instance))
                .put("reason", reason)
                .put("detail", detail);
    }

    /** The peer's own error message, and what a refused token means between instances. */
    private static String statusDetail(Peers.Answer answer) {
        String message;
        try {
            message = JSON.readTree(answer.body()).path("error").asText("");
        } catch (IOException e) {
            message = "";
        }
        if (answer.status() == 401 || answer.status() == 403) {
            return "it refused this instance's token: every instance needs the same query.token";
        }
        return message.isEmpty() ? "it answered HTTP " + answer.status() : message;
    }

    private void forward(HttpExchange exchange, HostInfo owner, URI uri, String what) {
        String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        answerLater(exchange, peers.ask(owner, pathAndQuery), answer -> passOn(exchange, owner, what, answer));
    }

    private void passOn(HttpExchange exchange, HostInfo owner, String what, Peers.Answer answer) throws IOException {
        String ownerName = Peers.address(owner);
        if (!answer.answered()) {
            exchange.getResponseHeaders().set(MISSING_INSTANCES, ownerName);
            retryLater(exchange);
            respond(
                    exchange,
                    503,
                    JSON.createObjectNode()
                            .put(
                                    "error",
                                    "the instance that owns " + what + ", " + ownerName + ", did not answer ("
                                            + answer.failure() + "); retry: it may come back, or the group will"
                                            + " hand its partitions to another instance")
                            .put("owner", ownerName)
                            .put("reason", answer.failure())
                            .put("detail", answer.detail()));
            return;
        }
        if (answer.status() == 401 || answer.status() == 403) {
            // This instance accepted the caller's token; passing the owner's refusal on as is would
            // tell the caller its own token is wrong.
            respond(
                    exchange,
                    502,
                    JSON.createObjectNode()
                            .put(
                                    "error",
                                    "the instance that owns " + what + ", " + ownerName + ", " + statusDetail(answer))
                            .put("owner", ownerName)
                            .put("reason", "HTTP " + answer.status()));
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders()
                .set(
                        SERVED_BY,
                        answer.response().headers().firstValue(SERVED_BY).orElse(ownerName));
        answer.response()
                .headers()
                .firstValue("Retry-After")
                .ifPresent(v -> exchange.getResponseHeaders().set("Retry-After", v));
        exchange.sendResponseHeaders(answer.status(), answer.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body());
        }
    }

    private static void retryLater(HttpExchange exchange) {
        exchange.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
    }

    private boolean authorized(HttpExchange exchange) {
        if (token.isEmpty()) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] given = (header == null ? "" : header).getBytes(StandardCharsets.UTF_8);
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, expected);
    }

    private void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set(SERVED_BY, Peers.address(self));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static JsonNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static String required(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("query parameter '" + name + "' is required");
        }
        return value;
    }

    private static Map<String, String> params(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                }
            }
        }
        return params;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
