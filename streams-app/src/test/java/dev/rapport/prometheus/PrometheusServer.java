package dev.rapport.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real Prometheus (the Debian package's binary) scraping one target every second, for tests. */
final class PrometheusServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path log;
    private final String url;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, Path log, String url) {
        this.process = process;
        this.log = log;
        this.url = url;
    }

    /** Starts Prometheus with job "rapport" scraping {@code target} and evaluating {@code ruleFiles}. */
    static PrometheusServer start(Path workDir, String target, List<Path> ruleFiles) throws IOException {
        Path binary = executable("prometheus");
        int port = freePort();
        Path config = workDir.resolve("prometheus.yml");
        StringBuilder yaml = new StringBuilder()
                .append("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n")
                .append("rule_files:\n");
        ruleFiles.forEach(f -> yaml.append("  - '").append(f.toAbsolutePath()).append("'\n"));
        yaml.append("scrape_configs:\n  - job_name: rapport\n    static_configs:\n      - targets: ['")
                .append(target)
                .append("']\n");
        Files.writeString(config, yaml);
        Path log = workDir.resolve("prometheus.log");
        Process process = new ProcessBuilder(
                        binary.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + workDir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new PrometheusServer(process, log, "http://127.0.0.1:" + port);
    }

    /** The binary on the PATH or in /usr/bin; a missing one fails with how to install it. */
    static Path executable(String name) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("'" + name + "' is not installed: these tests need a real Prometheus; "
                + "install it with 'apt-get install -y prometheus' (Debian/Ubuntu package, includes promtool)");
    }

    /** Runs an instant query; returns the "data" node, failing on a query error. */
    JsonNode query(String promql) {
        String uri = url + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
        JsonNode body = get(uri);
        if (!"success".equals(body.path("status").asText())) {
            throw new AssertionError("query failed: " + promql + "\n" + body);
        }
        return body.path("data");
    }

    /** True when the instant query returns at least one sample. */
    boolean hasData(String promql) {
        JsonNode data = query(promql);
        JsonNode result = data.path("result");
        return "scalar".equals(data.path("resultType").asText()) || result.isArray() && !result.isEmpty();
    }

    /** Waits until Prometheus answers, failing with its log if it exits. */
    void awaitUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<String> ready = http.send(
                        HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("prometheus not ready within " + timeout + ":\n" + log());
            }
            Thread.sleep(200);
        }
    }

    String logTail(int lines) {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private JsonNode get(String uri) {
        try {
            HttpResponse<String> response =
                    http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
