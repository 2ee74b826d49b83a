package dev.rapport.prometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Serves {@code /metrics} (Prometheus text format), {@code /health/live} (the process answers)
 * and {@code /health/ready} (the readiness supplier says so) over the JDK's HTTP server, which
 * keeps a web framework out of the jar for three read-only endpoints.
 */
public final class MetricsServer implements AutoCloseable {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final int HANDLER_THREADS = 2;

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts serving on {@code bindAddress:port}; port 0 picks a free port. */
    public static MetricsServer start(
            String bindAddress, int port, PrometheusMeterRegistry registry, BooleanSupplier ready) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bindAddress, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serve metrics on " + bindAddress + ":" + port
                            + " (settings metrics.bind-address, metrics.port): " + e.getMessage(),
                    e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(HANDLER_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "metrics-http");
            // Serving metrics must never keep a finished process alive.
            thread.setDaemon(true);
            return thread;
        });
        server.createContext("/", exchange -> handle(exchange, registry, ready));
        server.setExecutor(executor);
        server.start();
        return new MetricsServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void handle(HttpExchange exchange, PrometheusMeterRegistry registry, BooleanSupplier ready)
            throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/metrics" -> respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
                case "/health/live" -> respond(exchange, 200, "text/plain; charset=utf-8", "live\n");
                case "/health/ready" -> {
                    boolean isReady = ready.getAsBoolean();
                    respond(
                            exchange,
                            isReady ? 200 : 503,
                            "text/plain; charset=utf-8",
                            isReady ? "ready\n" : "not ready\n");
                }
                default -> respond(exchange, 404, "text/plain; charset=utf-8", "not found\n");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
