package dev.rapport.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.schema.MessageEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo as an outside client sees it: {@code java -jar rapport.jar demo} in its own process, then KafkaJS and
 * Confluent's official JavaScript serde (streams-app/src/test/node/demo-interop.mjs) produce a brand's messages to
 * rapport.messages and decode what Rapport writes to rapport.brand-stats and rapport.alerts.
 */
class DemoInteropIT {
    private static final Logger LOG = LoggerFactory.getLogger(DemoInteropIT.class);
    private static final Path NODE_PROJECT = Path.of("src/test/node").toAbsolutePath();
    private static final String HOW_TO_INSTALL = "install Node.js 20+ and run `npm ci` in " + NODE_PROJECT
            + " (the Maven build runs it in generate-test-resources unless -DskipTests is set)";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BRAND = "interop-brand";
    private static final Duration DEMO_DURATION = Duration.ofSeconds(90);
    private static final double DEMO_SPEED = 60; // the demo's default --speed
    private static final Pattern BOOTSTRAP = Pattern.compile("Kafka bootstrap servers\\s+(\\S+)");
    private static final Pattern REGISTRY = Pattern.compile("Schema Registry\\s+(http\\S+)");

    @TempDir
    Path stateDir;

    @BeforeAll
    static void requireNodeAndTheClients() {
        try {
            Process version = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            if (!version.waitFor(30, TimeUnit.SECONDS) || version.exitValue() != 0) {
                fail("`node --version` failed; " + HOW_TO_INSTALL);
            }
        } catch (IOException e) {
            fail("node is not on the PATH (" + e.getMessage() + "); " + HOW_TO_INSTALL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while looking for node");
        }
        for (String module : List.of("kafkajs", "@confluentinc/schemaregistry")) {
            if (!Files.isDirectory(NODE_PROJECT.resolve("node_modules").resolve(module))) {
                fail(module + " is not installed; " + HOW_TO_INSTALL);
            }
        }
    }

    @Test
    void outsideClientsProduceToTheDemoAndDecodeItsOutputs() throws Exception {
        Path jar = Path.of(System.getProperty("rapport.jar", "target/rapport.jar"));
        Process demo = new ProcessBuilder(
                        "java",
                        "-jar",
                        jar.toString(),
                        "demo",
                        "--duration",
                        DEMO_DURATION.toSeconds() + "s",
                        "--rate",
                        "20",
                        // Port 0 everywhere: the demo prints where it listens, and no two picks can collide.
                        "--kafka-port",
                        "0",
                        "--registry-port",
                        "0",
                        "--set",
                        "query.port=0",
                        "--set",
                        "metrics.port=0",
                        // The demo's fresh state directory goes under this one, removed with it.
                        "--set",
                        "state.dir=" + stateDir.resolve("state"))
                .redirectError(stateDir.resolve("demo.log").toFile())
                .start();
        List<String> console = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> consoleReader =
                CompletableFuture.runAsync(() -> collectLines(demo.getInputStream(), console));
        try {
            long upAt = awaitLine(console, "Stop with Ctrl-C.", Duration.ofSeconds(60), demo);
            String bootstrap = find(console, BOOTSTRAP);
            String registry = find(console, REGISTRY);

            List<JsonNode> outputs = runNode(bootstrap, registry, eventsAt(0), demoClock(upAt));

            Map<String, JsonNode> latestStats = new HashMap<>();
            List<JsonNode> alerts = new ArrayList<>();
            for (JsonNode output : outputs) {
                if (output.get("topic").asText().equals("rapport.alerts")) {
                    alerts.add(output.get("value"));
                } else {
                    latestStats.put(output.get("key").asText(), output.get("value"));
                }
            }
            assertThat(latestStats)
                    .as("stats of %s decoded by the official deserializer", BRAND)
                    .isNotEmpty();
            assertThat(sum(latestStats, "inbound")).isEqualTo(2);
            assertThat(sum(latestStats, "outbound")).isEqualTo(1);
            assertThat(sum(latestStats, "responses")).isEqualTo(1);
            assertThat(sum(latestStats, "firstResponses")).isEqualTo(1);
            assertThat(latestStats.values().stream()
                            .mapToLong(s -> s.path("depthReached").path("1").asLong())
                            .sum())
                    .as("conversations started")
                    .isEqualTo(2);
            // The unanswered question: a warning at 80 % of the SLA, resolved when the breach supersedes it.
            assertThat(alerts)
                    .as("alerts of %s", BRAND)
                    .extracting(alert -> alert.get("type").asText() + " "
                            + alert.get("status").asText())
                    .containsExactlyInAnyOrder("SLA_WARNING FIRING", "SLA_WARNING RESOLVED", "SLA_BREACH FIRING");
            assertThat(alerts).allSatisfy(alert -> {
                assertThat(alert.get("conversationId").asText()).isEqualTo("interop-unanswered");
                assertThat(alert.get("eventId").asText()).isEqualTo("interop-q1");
            });
        } finally {
            demo.destroy();
            boolean exited = demo.waitFor(30, TimeUnit.SECONDS);
            if (!exited) {
                demo.destroyForcibly();
            }
            assertThat(exited).as("demo stopped within 30 s of SIGTERM").isTrue();
            assertThat(demo.exitValue())
                    .as("demo exit code; its log is in %s", stateDir.resolve("demo.log"))
                    .isIn(0, 143);
            consoleReader.join();
        }
    }

    /**
     * The demo's simulated clock, for the Node client to time its events by when it sends them: it ends
     * at the wall clock when the demo ends, running {@value #DEMO_SPEED} times faster (see
     * CompressedClock). Two simulated minutes behind it, our events arrive in order enough to count
     * within the demo's grace, and the demo's traffic carries event time past our SLA deadline within
     * seconds. Timing them when they are sent, not when Node is launched, keeps a slow start on a busy
     * machine from pushing them past the grace.
     */
    private static ObjectNode demoClock(long upAtMillis) {
        return JSON.createObjectNode()
                .put("startMillis", upAtMillis - (long) (DEMO_DURATION.toMillis() * DEMO_SPEED))
                .put("upAtMillis", upAtMillis)
                .put("speed", DEMO_SPEED)
                .put("behindMs", Duration.ofMinutes(2).toMillis());
    }

    /**
     * An unanswered question (breaches the 15-minute SLA), and a question answered after one minute,
     * at {@code t} and after (offsets, when the Node client places them on the demo's clock).
     */
    private static ArrayNode eventsAt(long t) {
        ArrayNode events = JSON.createArrayNode();
        events.add(event("interop-q1", "interop-unanswered", "INBOUND", "interop-customer-1", null, t));
        events.add(event("interop-q2", "interop-answered", "INBOUND", "interop-customer-2", null, t + 1_000));
        events.add(event("interop-a2", "interop-answered", "OUTBOUND", BRAND, "interop-q2", t + 61_000));
        return events;
    }

    private static ObjectNode event(
            String id, String conversation, String direction, String author, String inReplyTo, long occurredAt) {
        return JSON.createObjectNode()
                .put("eventId", id)
                .put("platform", "OTHER")
                .put("brandId", BRAND)
                .put("conversationId", conversation)
                .put("direction", direction)
                .put("authorId", author)
                .put("inReplyTo", inReplyTo)
                .put("occurredAt", occurredAt);
    }

    private static List<JsonNode> runNode(String bootstrap, String registry, ArrayNode events, ObjectNode demoClock)
            throws Exception {
        ObjectNode input = JSON.createObjectNode()
                .put("schema", MessageEvent.getClassSchema().toString())
                .put("brand", BRAND)
                .put("expectMessages", 3)
                .put("expectAlerts", 3)
                .put("timeoutMs", 60_000);
        input.set("events", events);
        input.set("demoClock", demoClock);
        Process node = new ProcessBuilder("node", "demo-interop.mjs", bootstrap, registry)
                .directory(NODE_PROJECT.toFile())
                .start();
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readFully(node.getErrorStream()));
        try (var in = node.getOutputStream()) {
            in.write(input.toString().getBytes(StandardCharsets.UTF_8));
        }
        String stdout = readFully(node.getInputStream());
        if (!node.waitFor(90, TimeUnit.SECONDS)) {
            node.destroyForcibly();
            fail("node demo-interop.mjs did not finish within 90 s");
        }
        assertThat(node.exitValue())
                .as("node demo-interop.mjs failed:%n%s", stderr.join())
                .isZero();
        LOG.info("node demo-interop.mjs:\n{}", stdout);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : stdout.lines().toList()) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    private static long sum(Map<String, JsonNode> stats, String field) {
        return stats.values().stream().mapToLong(s -> s.get(field).asLong()).sum();
    }

    private static long awaitLine(List<String> lines, String wanted, Duration timeout, Process demo)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (lines.stream().noneMatch(line -> line.contains(wanted))) {
            if (!demo.isAlive()) {
                fail("demo exited with " + demo.exitValue() + " before printing its endpoints:\n"
                        + String.join("\n", lines));
            }
            if (System.nanoTime() > deadline) {
                fail("demo did not print its endpoints within " + timeout + ":\n" + String.join("\n", lines));
            }
            Thread.sleep(50);
        }
        return System.currentTimeMillis();
    }

    private static String find(List<String> lines, Pattern pattern) {
        for (String line : lines) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("no line matches " + pattern + " in:\n" + String.join("\n", lines));
    }

    private static void collectLines(InputStream stream, List<String> lines) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (IOException closedByDestroy) {
            // Process.destroy closes the pipe while this thread reads: the console simply ends there.
        }
    }

    private static String readFully(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
