package dev.rapport.embedded;

import com.sun.net.httpserver.HttpServer;
import dev.rapport.serde.InMemorySchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Confluent-compatible Schema Registry endpoint over an {@link InMemorySchemaRegistry}, for the
 * demo and for tests that need a registry real clients can talk to. Not durable: ids live as long
 * as the process.
 */
public final class SchemaRegistryServer implements AutoCloseable {

    private static final int HANDLER_THREADS = 2;

    private final HttpServer server;
    private final ExecutorService executor;
    private final SchemaRegistryRestHandler handler;
    private final InMemorySchemaRegistry registry;
    private final String url;

    private SchemaRegistryServer(
            HttpServer server,
            ExecutorService executor,
            SchemaRegistryRestHandler handler,
            InMemorySchemaRegistry registry,
            String host) {
        this.server = server;
        this.executor = executor;
        this.handler = handler;
        this.registry = registry;
        String urlHost = host.contains(":") ? "[" + host + "]" : host;
        this.url = "http://" + urlHost + ":" + server.getAddress().getPort();
    }

    /** Starts a server with an empty registry; port 0 picks a free port. */
    public static SchemaRegistryServer start(String host, int port) {
        return start(host, port, new InMemorySchemaRegistry());
    }

    /** Starts a server over {@code registry}, which Java code in this process may keep using. */
    public static SchemaRegistryServer start(String host, int port, InMemorySchemaRegistry registry) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the schema registry on " + host + ":" + port, e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(HANDLER_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "schema-registry-http");
            // The registry must not keep a finished demo or test JVM alive.
            thread.setDaemon(true);
            return thread;
        });
        SchemaRegistryRestHandler handler = new SchemaRegistryRestHandler(registry);
        server.createContext("/", handler);
        server.setExecutor(executor);
        server.start();
        return new SchemaRegistryServer(server, executor, handler, registry, host);
    }

    /** {@code http://host:port}, to use as {@code schema.registry.url}. */
    public String url() {
        return url;
    }

    public InMemorySchemaRegistry registry() {
        return registry;
    }

    /** HTTP requests answered so far, errors included; shows whether clients cache. */
    public long requestsServed() {
        return handler.requestsServed();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
