package dev.rapport.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.registry.SchemaRegistries;
import dev.rapport.schema.AlertStatus;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.topology.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * `rapport demo --duration 60s --seed 1` as its own process: it prints its endpoints and the
 * summary table, serves Prometheus metrics, and each persona's numbers point the right way. The
 * test also reads the demo's output topics while it runs, as an outside client would.
 */
class DemoIT {
    private static final Logger LOG = LoggerFactory.getLogger(DemoIT.class);
    private static final String SELECTIVE = "cherry-picker-shop";
    private static final List<String> BRANDS =
            List.of("attentive-air", "slow-telco", "megaphone-retail", "channel-gap-bank", "fading-foods", SELECTIVE);
    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{([^}]*)\\} ([0-9.eE+-]+)$");
    private static final Pattern BOOTSTRAP = Pattern.compile("Kafka bootstrap servers\\s+(\\S+)");
    private static final Pattern REGISTRY = Pattern.compile("Schema Registry\\s+(http\\S+)");
    /** Columns of a summary table row, after the brand at 0. */
    private static final int RESPONSE_RATE = 5;

    private static final int DEPTH_3 = 7;
    private static final int BREACHES = 8;
    private static final int COLUMNS = 10;
    /** DemoCommand's settings for the demo, which RESPONSE_RATE_LOW judges closed windows by. */
    private static final double RESPONSE_RATE_MIN = 0.7;

    private static final long RESPONSE_RATE_MIN_WAITS = 10;
    private static final Duration GRACE = Duration.ofMinutes(5);

    @TempDir
    Path stateDir;

    @Test
    void demoRunsAMinuteAndEveryPersonaPointsTheRightWay() throws Exception {
        int metricsPort = freePort();
        Path jar = Path.of(System.getProperty("rapport.jar", "target/rapport.jar"));
        Process demo = new ProcessBuilder(
                        "java",
                        "-jar",
                        jar.toString(),
                        "demo",
                        "--duration",
                        "60s",
                        "--seed",
                        "1",
                        "--kafka-port",
                        "0",
                        "--registry-port",
                        "0",
                        "--set",
                        "query.port=0",
                        "--set",
                        "metrics.port=" + metricsPort,
                        "--summary-every",
                        "5s",
                        // The demo's fresh state directory goes under this one, removed with it.
                        "--set",
                        "state.dir=" + stateDir.resolve("state"),
                        // Its log beside the state, removed with it, instead of a new file in the temp directory.
                        "--log-file",
                        stateDir.resolve("demo.log").toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        demo.getOutputStream().close();
        List<String> console = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    console.add(line);
                }
            } catch (IOException e) {
                console.add("(read failed: " + e + ")");
            }
        });
        reader.start();

        // Scrape until the demo exits: the last scrape holds the run's totals.
        String scrape = "";
        HttpClient http = HttpClient.newHttpClient();
        long giveUp = System.currentTimeMillis() + 120_000;
        OutputTopics outputs = null;
        try {
            while (demo.isAlive() && System.currentTimeMillis() < giveUp) {
                if (outputs == null && console.stream().anyMatch(line -> line.contains("Stop with Ctrl-C."))) {
                    // The broker lives as long as the demo: its output topics are read while it runs.
                    outputs = OutputTopics.follow(find(console, BOOTSTRAP), find(console, REGISTRY));
                }
                try {
                    scrape = http.send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
                } catch (IOException notUpOrAlreadyDown) {
                    // Before start-up or after shutdown the endpoint is closed; the last good scrape stays.
                }
                Thread.sleep(1_000);
            }
        } catch (RuntimeException | AssertionError e) {
            // Not following the demo any more: do not leave it running for the rest of the build.
            demo.destroyForcibly();
            throw e;
        }
        assertThat(demo.waitFor(30, TimeUnit.SECONDS))
                .as("demo ends after --duration")
                .isTrue();
        reader.join(5_000);
        String out = String.join("\n", console);
        assertThat(outputs).as("output topics followed; console:%n%s", out).isNotNull();
        outputs.close();
        assertThat(demo.exitValue()).as(out).isZero();
        try (Stream<Path> left = Files.list(stateDir.resolve("state"))) {
            assertThat(left).as("the demo deletes its state directory on exit").isEmpty();
        }
        assertThat(out)
                .contains(
                        "Kafka bootstrap servers", "Schema Registry", "query API", "metrics (Prometheus)", "Generated");

        Map<String, String[]> table = lastTable(out);
        assertThat(table.keySet()).containsAll(BRANDS);
        Map<String, Double> samples = samples(scrape);

        // Every alert type fires, each one on the persona made to show it.
        for (String type : List.of(
                "sla_warning", "sla_breach", "latency_degraded", "broadcast_heavy", "engagement_drop", "channel_gap")) {
            assertThat(sum(samples, "rapport_alerts_total", "", "type=\"" + type + "\"", "status=\"firing\""))
                    .as("%s alerts fired", type)
                    .isPositive();
        }
        assertThat(sum(samples, "rapport_alerts_total", "slow-telco", "type=\"latency_degraded\"", "status=\"firing\""))
                .isPositive();
        assertThat(sum(
                        samples,
                        "rapport_alerts_total",
                        "megaphone-retail",
                        "type=\"broadcast_heavy\"",
                        "status=\"firing\""))
                .isPositive();
        assertThat(sum(
                        samples,
                        "rapport_alerts_total",
                        "fading-foods",
                        "type=\"engagement_drop\"",
                        "status=\"firing\""))
                .isPositive();
        assertThat(sum(
                        samples,
                        "rapport_alerts_total",
                        "channel-gap-bank",
                        "type=\"channel_gap\"",
                        "status=\"firing\""))
                .isPositive();

        // The slow brand leaves the most customers past the SLA.
        long slowBreaches = Long.parseLong(table.get("slow-telco")[BREACHES]);
        for (String brand : BRANDS) {
            assertThat(slowBreaches)
                    .as("breaches of slow-telco vs %s", brand)
                    .isGreaterThanOrEqualTo(Long.parseLong(table.get(brand)[BREACHES]));
        }
        assertThat(slowBreaches).isPositive();
        // The attentive brand answers faster: its p90 bucket is below the slow brand's.
        assertThat(latencyBucket(samples, "attentive-air", 0.9)).isLessThan(latencyBucket(samples, "slow-telco", 0.9));
        // The broadcaster's share of broadcasts among its brand messages is the highest.
        double megaphone = broadcastShare(samples, "megaphone-retail");
        for (String brand : BRANDS) {
            if (!brand.equals("megaphone-retail")) {
                assertThat(megaphone).as("broadcast share vs %s", brand).isGreaterThan(broadcastShare(samples, brand));
            }
        }
        // The channel-gap brand answers on Twitter, not where its customers write to it.
        double answeredElsewhere = sum(
                        samples,
                        "rapport_messages_total",
                        "channel-gap-bank",
                        "direction=\"outbound\"",
                        "platform=\"instagram\"")
                + sum(
                        samples,
                        "rapport_messages_total",
                        "channel-gap-bank",
                        "direction=\"outbound\"",
                        "platform=\"whatsapp\"");
        double askedElsewhere = sum(
                        samples,
                        "rapport_messages_total",
                        "channel-gap-bank",
                        "direction=\"inbound\"",
                        "platform=\"instagram\"")
                + sum(
                        samples,
                        "rapport_messages_total",
                        "channel-gap-bank",
                        "direction=\"inbound\"",
                        "platform=\"whatsapp\"");
        assertThat(askedElsewhere).isPositive();
        assertThat(answeredElsewhere / askedElsewhere).isLessThan(0.25);
        // The attentive brand has the most conversations at depth 3.
        long attentiveDeep = Long.parseLong(table.get("attentive-air")[DEPTH_3]);
        for (String brand : BRANDS) {
            assertThat(attentiveDeep)
                    .as("depth>=3 of attentive-air vs %s", brand)
                    .isGreaterThanOrEqualTo(Long.parseLong(table.get(brand)[DEPTH_3]));
        }
        LOG.info("the demo's last summary:{}", out.substring(out.lastIndexOf("\n[")));

        // The selective brand answers fast: half its answers within a minute, nine in ten within two...
        assertThat(latencyBucket(samples, SELECTIVE, 0.5))
                .as("p50 bucket of %s, s", SELECTIVE)
                .isLessThanOrEqualTo(60);
        assertThat(latencyBucket(samples, SELECTIVE, 0.9))
                .as("p90 bucket of %s, s", SELECTIVE)
                .isLessThanOrEqualTo(120);
        assertThat(sum(samples, "rapport_alerts_total", SELECTIVE, "type=\"latency_degraded\"", "status=\"firing\""))
                .isZero();
        // ...while it leaves about half its customers unanswered, which only the response rate shows.
        Map<String, BrandWindowStats> windows = outputs.latestStats();
        windows.values().stream()
                .filter(w -> w.getBrandId().equals(SELECTIVE))
                .sorted(Comparator.comparing(BrandWindowStats::getWindowStart))
                .forEach(w -> LOG.info(
                        "{} {}: {} answered in time, {} unanswered",
                        SELECTIVE,
                        w.getWindowStart(),
                        w.getAnsweredInTime(),
                        w.getUnanswered()));
        assertThat(runResponseRate(windows, SELECTIVE))
                .as("response rate of %s over the run", SELECTIVE)
                .isLessThan(RESPONSE_RATE_MIN);
        assertThat(runResponseRate(windows, "attentive-air"))
                .as("response rate of attentive-air over the run")
                .isGreaterThan(0.9);
        assertThat(percent(table.get(SELECTIVE)[RESPONSE_RATE]))
                .as("response rate of %s on the board", SELECTIVE)
                .isLessThan(percent(table.get("attentive-air")[RESPONSE_RATE]));
        // The demo's settings give RESPONSE_RATE_LOW a closed window of the selective brand to catch.
        long selectiveLatestStart = windows.values().stream()
                .filter(w -> w.getBrandId().equals(SELECTIVE))
                .mapToLong(w -> w.getWindowStart().toEpochMilli())
                .max()
                .orElseThrow();
        assertThat(windows.values())
                .as(
                        "closed windows of %s with %d decided waits and a response rate below %.2f",
                        SELECTIVE, RESPONSE_RATE_MIN_WAITS, RESPONSE_RATE_MIN)
                .anyMatch(w -> w.getBrandId().equals(SELECTIVE)
                        && w.getWindowEnd().plus(GRACE).toEpochMilli() <= selectiveLatestStart
                        && w.getAnsweredInTime() + w.getUnanswered() >= RESPONSE_RATE_MIN_WAITS
                        && w.getResponseRate() < RESPONSE_RATE_MIN);
        // And the alert reaches the demo's alerts topic, for that brand and not for the attentive one.
        Map<String, Long> firing = new TreeMap<>();
        outputs.alerts().stream()
                .filter(a -> a.getStatus() == AlertStatus.FIRING)
                .forEach(a -> firing.merge(a.getType() + " " + a.getBrandId(), 1L, Long::sum));
        LOG.info("FIRING on {}: {}", Topics.ALERTS, firing);
        List<EngagementAlert> responseRateLow = outputs.alerts().stream()
                .filter(a -> a.getType() == AlertType.RESPONSE_RATE_LOW && a.getStatus() == AlertStatus.FIRING)
                .toList();
        assertThat(responseRateLow)
                .as("RESPONSE_RATE_LOW FIRING on %s", Topics.ALERTS)
                .anySatisfy(a -> {
                    assertThat(a.getBrandId()).isEqualTo(SELECTIVE);
                    assertThat(a.getAlertId())
                            .isEqualTo("RESPONSE_RATE_LOW:" + SELECTIVE + ":"
                                    + a.getWindowStart().toEpochMilli());
                })
                .noneMatch(a -> a.getBrandId().equals("attentive-air"));
    }

    /** The last summary table: brand → its cells, the brand at 0 and the columns named by the constants above. */
    private static Map<String, String[]> lastTable(String out) {
        String last = out.substring(out.lastIndexOf("\n[") + 1);
        Map<String, String[]> rows = new HashMap<>();
        for (String line : last.split("\n")) {
            String[] cells = line.trim().split("\\s+");
            if (BRANDS.contains(cells[0]) && cells.length == COLUMNS) {
                rows.put(cells[0], cells);
            }
        }
        return rows;
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

    /** A board cell such as "48%" as 48; fails on "-", which means no closed window decided a wait. */
    private static int percent(String cell) {
        assertThat(cell).matches("\\d+%");
        return Integer.parseInt(cell.substring(0, cell.length() - 1));
    }

    /** Counts summed over the brand's windows, then divided: a window of three waits weighs less than one of thirty. */
    private static double runResponseRate(Map<String, BrandWindowStats> windows, String brand) {
        long answeredInTime = 0;
        long decided = 0;
        for (BrandWindowStats w : windows.values()) {
            if (w.getBrandId().equals(brand)) {
                answeredInTime += w.getAnsweredInTime();
                decided += w.getAnsweredInTime() + w.getUnanswered();
            }
        }
        assertThat(decided).as("decided waits of %s", brand).isPositive();
        return (double) answeredInTime / decided;
    }

    private static Map<String, Double> samples(String scrape) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : scrape.split("\n")) {
            Matcher m = SAMPLE.matcher(line.trim());
            if (m.matches()) {
                samples.put(m.group(1) + "{" + m.group(2) + "}", Double.parseDouble(m.group(3)));
            }
        }
        return samples;
    }

    private static double sum(Map<String, Double> samples, String metric, String brand, String... labels) {
        return samples.entrySet().stream()
                .filter(e -> e.getKey().startsWith(metric + "{")
                        && (brand.isEmpty() || e.getKey().contains("brand=\"" + brand + "\"")))
                .filter(e -> List.of(labels).stream().allMatch(l -> e.getKey().contains(l)))
                .mapToDouble(Map.Entry::getValue)
                .sum();
    }

    private static double broadcastShare(Map<String, Double> samples, String brand) {
        double outbound = sum(samples, "rapport_messages_total", brand, "direction=\"outbound\"");
        return outbound == 0 ? 0 : sum(samples, "rapport_broadcasts_total", brand) / outbound;
    }

    /**
     * The smallest bucket bound (seconds) holding {@code quantile} of a brand's response latencies,
     * over all its platforms.
     */
    private static double latencyBucket(Map<String, Double> samples, String brand, double quantile) {
        double count = sum(samples, "rapport_response_latency_seconds_count", brand);
        assertThat(count).as("responses of %s", brand).isPositive();
        TreeMap<Double, Double> buckets = new TreeMap<>();
        samples.forEach((key, value) -> {
            if (key.startsWith("rapport_response_latency_seconds_bucket{") && key.contains("brand=\"" + brand + "\"")) {
                Matcher le = Pattern.compile("le=\"([^\"]+)\"").matcher(key);
                if (le.find()) {
                    buckets.merge(
                            le.group(1).equals("+Inf") ? Double.MAX_VALUE : Double.parseDouble(le.group(1)),
                            value,
                            Double::sum);
                }
            }
        });
        return buckets.entrySet().stream()
                .filter(b -> b.getValue() >= quantile * count)
                .findFirst()
                .orElseThrow()
                .getKey();
    }

    /**
     * A consumer of rapport.brand-stats and rapport.alerts from the beginning, committed records only,
     * on its own thread: the latest value of each stats key and every alert, in order.
     */
    private static final class OutputTopics implements AutoCloseable {
        private final Map<String, BrandWindowStats> latestStats = new ConcurrentHashMap<>();
        private final List<EngagementAlert> alerts = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;
        private volatile RuntimeException failure;

        private OutputTopics(String bootstrapServers, String registryUrl) {
            Topics topics = new Topics(SchemaRegistries.forUrl(registryUrl));
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            KafkaConsumer<String, byte[]> consumer =
                    new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.BRAND_STATS, Topics.ALERTS)) {
                consumer.partitionsFor(topic)
                        .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            thread = new Thread(
                    () -> {
                        try (consumer) {
                            while (running) {
                                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                                    if (r.topic().equals(Topics.BRAND_STATS)) {
                                        latestStats.put(
                                                r.key(),
                                                topics.brandStats()
                                                        .valueSerde()
                                                        .deserializer()
                                                        .deserialize(r.topic(), r.value()));
                                    } else {
                                        alerts.add(topics.alerts()
                                                .valueSerde()
                                                .deserializer()
                                                .deserialize(r.topic(), r.value()));
                                    }
                                }
                            }
                        } catch (RuntimeException e) {
                            // Kept for close(): an exception on this thread would otherwise only show as missing
                            // records.
                            failure = e;
                        }
                    },
                    "demo-it-output-topics");
            thread.setDaemon(true);
            thread.start();
        }

        static OutputTopics follow(String bootstrapServers, String registryUrl) {
            return new OutputTopics(bootstrapServers, registryUrl);
        }

        Map<String, BrandWindowStats> latestStats() {
            return latestStats;
        }

        List<EngagementAlert> alerts() {
            return alerts;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(10_000);
            if (failure != null) {
                throw new AssertionError("reading the output topics failed", failure);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
