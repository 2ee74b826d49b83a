package dev.rapport.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * `rapport demo --duration 60s --seed 1` as its own process: it prints its endpoints and the
 * summary table, serves Prometheus metrics, and each persona's numbers point the right way.
 */
class DemoIT {
    private static final List<String> BRANDS =
            List.of("attentive-air", "slow-telco", "megaphone-retail", "channel-gap-bank", "fading-foods");
    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{([^}]*)\\} ([0-9.eE+-]+)$");

    @Test
    void demoRunsAMinuteAndEveryPersonaPointsTheRightWay() throws Exception {
        int metricsPort = freePort();
        Path jar = Path.of(System.getProperty("rapport.jar", "target/rapport.jar"));
        Process demo = new ProcessBuilder("java", "-jar", jar.toString(), "demo", "--duration", "60s", "--seed", "1",
                "--kafka-port", "0", "--registry-port", "0", "--set", "query.port=0",
                "--set", "metrics.port=" + metricsPort, "--summary-every", "5s")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        demo.getOutputStream().close();
        StringBuilder console = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                console.append(new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                console.append("\n(read failed: ").append(e).append(")");
            }
        });
        reader.start();

        // Scrape until the demo exits: the last scrape holds the run's totals.
        String scrape = "";
        HttpClient http = HttpClient.newHttpClient();
        long giveUp = System.currentTimeMillis() + 120_000;
        while (demo.isAlive() && System.currentTimeMillis() < giveUp) {
            try {
                scrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } catch (java.io.IOException notUpOrAlreadyDown) {
                // Before start-up or after shutdown the endpoint is closed; the last good scrape stays.
            }
            Thread.sleep(1_000);
        }
        assertThat(demo.waitFor(30, TimeUnit.SECONDS)).as("demo ends after --duration").isTrue();
        reader.join(5_000);
        String out = console.toString();
        assertThat(demo.exitValue()).as(out).isZero();
        assertThat(out).contains("Kafka bootstrap servers", "Schema Registry", "query API", "metrics (Prometheus)", "Generated");

        Map<String, String[]> table = lastTable(out);
        assertThat(table.keySet()).containsAll(BRANDS);
        Map<String, Double> samples = samples(scrape);

        // Every alert type fires, each one on the persona made to show it.
        for (String type : List.of("sla_warning", "sla_breach", "latency_degraded", "broadcast_heavy",
                "engagement_drop", "channel_gap")) {
            assertThat(sum(samples, "rapport_alerts_total", "", "type=\"" + type + "\"", "status=\"firing\""))
                    .as("%s alerts fired", type).isPositive();
        }
        assertThat(sum(samples, "rapport_alerts_total", "slow-telco", "type=\"latency_degraded\"", "status=\"firing\"")).isPositive();
        assertThat(sum(samples, "rapport_alerts_total", "megaphone-retail", "type=\"broadcast_heavy\"", "status=\"firing\"")).isPositive();
        assertThat(sum(samples, "rapport_alerts_total", "fading-foods", "type=\"engagement_drop\"", "status=\"firing\"")).isPositive();
        assertThat(sum(samples, "rapport_alerts_total", "channel-gap-bank", "type=\"channel_gap\"", "status=\"firing\"")).isPositive();

        // The slow brand leaves the most customers past the SLA.
        long slowBreaches = Long.parseLong(table.get("slow-telco")[7]);
        for (String brand : BRANDS) {
            assertThat(slowBreaches).as("breaches of slow-telco vs %s", brand)
                    .isGreaterThanOrEqualTo(Long.parseLong(table.get(brand)[7]));
        }
        assertThat(slowBreaches).isPositive();
        // The attentive brand answers faster: its p90 bucket is below the slow brand's.
        assertThat(p90Bucket(samples, "attentive-air")).isLessThan(p90Bucket(samples, "slow-telco"));
        // The broadcaster's share of broadcasts among its brand messages is the highest.
        double megaphone = broadcastShare(samples, "megaphone-retail");
        for (String brand : BRANDS) {
            if (!brand.equals("megaphone-retail")) {
                assertThat(megaphone).as("broadcast share vs %s", brand).isGreaterThan(broadcastShare(samples, brand));
            }
        }
        // The channel-gap brand answers on Twitter, not where its customers write to it.
        double answeredElsewhere = sum(samples, "rapport_messages_total", "channel-gap-bank", "direction=\"outbound\"", "platform=\"instagram\"")
                + sum(samples, "rapport_messages_total", "channel-gap-bank", "direction=\"outbound\"", "platform=\"whatsapp\"");
        double askedElsewhere = sum(samples, "rapport_messages_total", "channel-gap-bank", "direction=\"inbound\"", "platform=\"instagram\"")
                + sum(samples, "rapport_messages_total", "channel-gap-bank", "direction=\"inbound\"", "platform=\"whatsapp\"");
        assertThat(askedElsewhere).isPositive();
        assertThat(answeredElsewhere / askedElsewhere).isLessThan(0.25);
        // The attentive brand has the most conversations at depth 3.
        long attentiveDeep = Long.parseLong(table.get("attentive-air")[6]);
        for (String brand : BRANDS) {
            assertThat(attentiveDeep).as("depth>=3 of attentive-air vs %s", brand)
                    .isGreaterThanOrEqualTo(Long.parseLong(table.get(brand)[6]));
        }
        System.out.println(out.substring(out.lastIndexOf("\n[")));
    }

    /** The last summary table: brand → columns (in, out, p50, p90, waiting, depth>=3, breaches, alerts) at [1..8]. */
    private static Map<String, String[]> lastTable(String out) {
        String last = out.substring(out.lastIndexOf("\n[") + 1);
        Map<String, String[]> rows = new HashMap<>();
        for (String line : last.split("\n")) {
            String[] cells = line.trim().split("\\s+");
            if (BRANDS.contains(cells[0]) && cells.length == 9) {
                rows.put(cells[0], cells);
            }
        }
        return rows;
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
                .mapToDouble(Map.Entry::getValue).sum();
    }

    private static double broadcastShare(Map<String, Double> samples, String brand) {
        double outbound = sum(samples, "rapport_messages_total", brand, "direction=\"outbound\"");
        return outbound == 0 ? 0 : sum(samples, "rapport_broadcasts_total", brand) / outbound;
    }

    /** The smallest bucket bound holding 90% of a brand's response latencies, over all its platforms. */
    private static double p90Bucket(Map<String, Double> samples, String brand) {
        double count = sum(samples, "rapport_response_latency_seconds_count", brand);
        assertThat(count).as("responses of %s", brand).isPositive();
        TreeMap<Double, Double> buckets = new TreeMap<>();
        samples.forEach((key, value) -> {
            if (key.startsWith("rapport_response_latency_seconds_bucket{") && key.contains("brand=\"" + brand + "\"")) {
                Matcher le = Pattern.compile("le=\"([^\"]+)\"").matcher(key);
                if (le.find()) {
                    buckets.merge(le.group(1).equals("+Inf") ? Double.MAX_VALUE : Double.parseDouble(le.group(1)), value,
                            Double::sum);
                }
            }
        });
        return buckets.entrySet().stream().filter(b -> b.getValue() >= 0.9 * count).findFirst().orElseThrow().getKey();
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
