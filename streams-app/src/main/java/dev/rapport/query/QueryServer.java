package dev.rapport.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rapport.topology.EngagementTopology;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * HTTP API over the application's state (Kafka Streams interactive queries). Any instance
 * answers any query: a key query is forwarded to the instance that owns the key (found from
 * {@code application.server} metadata), and a brand's waits, spread over every instance, are
 * gathered from all of them. The {@code X-Rapport-Served-By} header says who answered.
 *
 * <pre>
 * GET /waits?brand=B                          customers of brand B waiting now
 * GET /brands/B/stats?from=T&amp;to=T             B's windows starting in [from, to] (ISO or epoch ms)
 * GET /conversations/C                        the state of conversation C
 * </pre>
 */
public final class QueryServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVED_BY = "X-Rapport-Served-By";
    private static final String LOCAL_ONLY = "local=true";

    private final KafkaStreams streams;
    private final HostInfo self;
    private final String token;
    private final LongSupplier wallClock;
    private final LocalStores local;
    private final HttpServer server;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param self this instance as other instances reach it: the {@code application.server} value
     * @param token required as {@code Authorization: Bearer <token>}; empty = no authentication
     */
    public QueryServer(KafkaStreams streams, String bindAddress, HostInfo self, String token, LongSupplier wallClock)
            throws IOException {
        this.streams = streams;
        this.self = self;
        this.token = token;
        this.wallClock = wallClock;
        this.local = new LocalStores(streams);
        this.server = HttpServer.create(new InetSocketAddress(bindAddress, self.port()), 0);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "rapport-query");
            t.setDaemon(true);
            return t;
        }));
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
        try (exchange) {
            if (!authorized(exchange)) {
                respond(exchange, 401, error("missing or wrong bearer token"));
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, error("only GET"));
                return;
            }
            if (streams.state() != KafkaStreams.State.RUNNING) {
                respond(exchange, 503, error("not ready: Kafka Streams is " + streams.state()));
                return;
            }
            route(exchange);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            respond(exchange, 400, error(e.getMessage()));
        } catch (InvalidStateStoreException e) {
            respond(exchange, 503, error("state is being restored or rebalanced, retry: " + e.getMessage()));
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        String[] path = uri.getPath().split("/");
        Map<String, String> query = params(uri.getRawQuery());
        if (path.length == 2 && path[1].equals("waits")) {
            String brand = required(query, "brand");
            ArrayNode waits = local.waits(brand, wallClock.getAsLong());
            if (!"true".equals(query.get("local"))) {
                gatherFromOthers(uri, waits);
            }
            respond(
                    exchange,
                    200,
                    JSON.createObjectNode()
                            .put("brandId", brand)
                            .put("waiting", waits.size())
                            .set("waits", longestWaitingFirst(waits)));
        } else if (path.length == 4 && path[1].equals("brands") && path[3].equals("stats")) {
            String brand = decode(path[2]);
            HostInfo owner = owner(EngagementTopology.WINDOW_STORE, brand);
            if (!owner.equals(self)) {
                forward(exchange, owner, uri);
                return;
            }
            Instant from = LocalStores.parseInstant(query.get("from"), Instant.EPOCH);
            Instant to = LocalStores.parseInstant(query.get("to"), Instant.ofEpochMilli(wallClock.getAsLong()));
            respond(
                    exchange,
                    200,
                    JSON.createObjectNode().put("brandId", brand).set("windows", local.stats(brand, from, to)));
        } else if (path.length == 3 && path[1].equals("conversations")) {
            String conversation = decode(path[2]);
            HostInfo owner = owner(EngagementTopology.CONVERSATION_STORE, conversation);
            if (!owner.equals(self)) {
                forward(exchange, owner, uri);
                return;
            }
            JsonNode state = local.conversation(conversation);
            if (state == null) {
                respond(exchange, 404, error("no conversation " + conversation));
            } else {
                respond(exchange, 200, state);
            }
        } else {
            respond(
                    exchange,
                    404,
                    error("unknown path; see GET /waits?brand=, /brands/{brand}/stats, /conversations/{id}"));
        }
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

    private HostInfo owner(String store, String key) {
        KeyQueryMetadata metadata =
                streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        if (metadata == null
                || metadata.activeHost() == null
                || metadata.activeHost().port() < 0) {
            throw new InvalidStateStoreException("no owner known yet for " + key);
        }
        return metadata.activeHost();
    }

    private void gatherFromOthers(URI uri, ArrayNode into) throws IOException {
        for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
            if (instance.hostInfo().equals(self)) {
                continue;
            }
            JsonNode answer = JSON.readTree(
                    get(instance.hostInfo(), uri.getRawPath() + "?" + uri.getRawQuery() + "&" + LOCAL_ONLY)
                            .body());
            answer.path("waits").forEach(into::add);
        }
    }

    private void forward(HttpExchange exchange, HostInfo owner, URI uri) throws IOException {
        HttpResponse<byte[]> answer =
                get(owner, uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders()
                .set(SERVED_BY, answer.headers().firstValue(SERVED_BY).orElse(owner.toString()));
        exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body());
        }
    }

    private HttpResponse<byte[]> get(HostInfo host, String pathAndQuery) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(10));
        if (!token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + host, e);
        }
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
        exchange.getResponseHeaders().set(SERVED_BY, self.toString());
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
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
