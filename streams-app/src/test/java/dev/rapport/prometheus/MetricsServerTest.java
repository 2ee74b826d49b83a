package dev.rapport.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicBoolean ready = new AtomicBoolean();
    private final MetricsServer server = MetricsServer.start("127.0.0.1", 0, registry, ready::get);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheScrapeInThePrometheusTextFormat() throws Exception {
        Counter.builder("rapport.test.events").register(registry).increment(3);

        HttpResponse<String> response = send("GET", "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).contains("rapport_test_events_total 3.0");
    }

    @Test
    void livenessIsAlwaysUpAndReadinessFollowsTheSupplier() throws Exception {
        assertThat(send("GET", "/health/live").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/health/ready").statusCode()).isEqualTo(503);
        ready.set(true);
        assertThat(send("GET", "/health/ready").statusCode()).isEqualTo(200);
        assertThat(send("HEAD", "/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void unknownPathsAndWritesAreRefused() throws Exception {
        assertThat(send("GET", "/metricsx").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/").statusCode()).isEqualTo(404);
        HttpResponse<String> post = send("POST", "/metrics");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }
}
