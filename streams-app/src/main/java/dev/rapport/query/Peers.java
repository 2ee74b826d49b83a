package dev.rapport.query;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Calls to the query API of other instances, each bounded by one timeout. A call never throws:
 * an instance that does not answer in time, refuses the connection or cannot be reached gives an
 * {@link Answer} that says why, so one instance down cannot fail a query for the others.
 */
final class Peers {
    static final String TIMEOUT = "timeout";
    static final String CONNECTION_REFUSED = "connection refused";
    static final String UNKNOWN_HOST = "unknown host";
    static final String UNREACHABLE = "unreachable";

    private final String token;
    private final Duration timeout;
    private final HttpClient client;

    /**
     * @param token sent as {@code Authorization: Bearer <token>}: every instance has the same one
     */
    Peers(String token, Duration timeout) {
        this.token = token;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    Duration timeout() {
        return timeout;
    }

    /**
     * What an instance said, or why it said nothing.
     *
     * @param failure null when the instance answered (with any status); otherwise one of
     *     {@link #TIMEOUT}, {@link #CONNECTION_REFUSED}, {@link #UNKNOWN_HOST}, {@link #UNREACHABLE}
     */
    record Answer(
            HostInfo instance, int status, byte[] body, HttpResponse<byte[]> response, String failure, String detail) {
        boolean answered() {
            return failure == null;
        }
    }

    /** Asks every instance at once, so the whole takes at most about one timeout, however many are down. */
    CompletableFuture<List<Answer>> askAll(List<HostInfo> instances, String pathAndQuery) {
        List<CompletableFuture<Answer>> calls =
                instances.stream().map(host -> ask(host, pathAndQuery)).toList();
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                .thenApply(done -> calls.stream().map(CompletableFuture::join).toList());
    }

    /** Completes within the timeout, normally, whatever happens to the call. */
    CompletableFuture<Answer> ask(HostInfo host, String pathAndQuery) {
        CompletableFuture<HttpResponse<byte[]>> call;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + address(host) + pathAndQuery))
                    .timeout(timeout);
            if (!token.isEmpty()) {
                request.header("Authorization", "Bearer " + token);
            }
            call = client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failed(host, e));
        }
        // The request timeout covers the wait for the response headers only; this one also covers
        // a peer that sends headers and then stalls.
        Answer late = new Answer(host, 0, null, null, TIMEOUT, "no answer within " + timeout.toMillis() + "ms");
        return call.handle((response, error) -> error == null
                        ? new Answer(host, response.statusCode(), response.body(), response, null, null)
                        : failed(host, error))
                .completeOnTimeout(late, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((answer, ignored) -> call.cancel(true));
    }

    private Answer failed(HostInfo host, Throwable error) {
        String failure = UNREACHABLE;
        String detail = null;
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (detail == null && cause.getMessage() != null) {
                detail = cause.getMessage();
            }
            if (cause instanceof HttpTimeoutException) {
                failure = TIMEOUT;
                detail = "no answer within " + timeout.toMillis() + "ms";
                break;
            }
            if (cause instanceof UnresolvedAddressException) {
                failure = UNKNOWN_HOST;
                detail = "cannot resolve " + host.host();
                break;
            }
            if (cause instanceof ConnectException) {
                failure = CONNECTION_REFUSED;
            }
        }
        return new Answer(
                host, 0, null, null, failure, detail == null ? error.getClass().getSimpleName() : detail);
    }

    /** An instance as Kafka Streams' application.server names it: host:port. */
    static String address(HostInfo host) {
        return host.host() + ":" + host.port();
    }
}
