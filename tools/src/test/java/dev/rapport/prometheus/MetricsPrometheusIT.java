package dev.rapport.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.config.RapportConfig;
import dev.rapport.config.StreamsProperties;
import dev.rapport.embedded.LocalKafka;
import dev.rapport.kafka.KafkaEndpoint;
import dev.rapport.kafka.RapportTopics;
import dev.rapport.kafka.StreamsApp;
import dev.rapport.kafka.TopicSetup;
import dev.rapport.registry.SchemaRegistries;
import dev.rapport.topology.EngagementSettings;
import dev.rapport.topology.EngagementTopology;
import dev.rapport.topology.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards and alert rules against a real Prometheus scraping the real application: the
 * production topology on an embedded broker, fed live traffic with a 2 s SLA and a 3 s response
 * horizon (so waits are decided unanswered within the test), serving /metrics through
 * {@link MetricsRuntime}. BROADCAST_HEAVY is set to fire on the traffic's broadcasts, so a brand
 * alert is firing too. Every PromQL expression of every panel, template variable and rule must
 * return data, so a renamed metric or label cannot leave a panel silently empty.
 */
class MetricsPrometheusIT {
    private static final List<String> BRANDS = List.of("acme", "globex", "initech");
    private static final Duration DATA_DEADLINE = Duration.ofSeconds(75);

    @TempDir
    Path work;

    @Test
    void everyDashboardPanelAndAlertRuleReturnsDataFromALiveApplication() throws Exception {
        List<Path> ruleFiles = RepositoryFiles.alertRuleFiles();
        List<PromQlExpression> expressions = new ArrayList<>(RepositoryFiles.dashboardExpressions());
        expressions.addAll(RepositoryFiles.ruleExpressions());
        assertThat(expressions).hasSizeGreaterThan(20);
        assertThat(RepositoryFiles.dashboardDatasourceUids())
                .containsExactly(RepositoryFiles.provisionedDatasourceUid());

        int metricsPort = PrometheusServer.freePort();
        RapportConfig config = RapportConfig.defaults()
                .with(Map.of(
                        "sla",
                        "2s",
                        "response.horizon",
                        "3s",
                        "window",
                        "5s",
                        "grace",
                        "1s",
                        "alert.broadcast.ratio",
                        "0.05",
                        "alert.broadcast.min-outbound",
                        "1",
                        "state.dir",
                        Files.createDirectories(work.resolve("state")).toString(),
                        "metrics.port",
                        Integer.toString(metricsPort),
                        "metrics.latency-buckets",
                        "500ms,1s,5s,10s",
                        "metrics.kafka-refresh",
                        "1s"));

        // No bootstrap servers configured: the endpoint starts an embedded KRaft broker.
        try (KafkaEndpoint kafka = LocalKafka.open(config);
                Admin admin = Admin.create(kafka.clientProperties());
                MetricsRuntime metrics = MetricsRuntime.start(config)) {
            TopicSetup.ensure(admin, RapportTopics.specs(config));
            Topics topics = new Topics(SchemaRegistries.forUrl("mock://metrics-it"));
            try (StreamsApp app = new StreamsApp(
                    EngagementTopology.build(
                            topics,
                            EngagementSettings.from(config),
                            System::currentTimeMillis,
                            metrics.engagementMetrics()),
                    StreamsProperties.of(config, kafka.bootstrapServers()))) {
                metrics.bindStreams(app.streams());
                assertThat(status("/health/ready", metricsPort)).isEqualTo(503);
                app.start(Duration.ofMinutes(1));
                assertThat(status("/health/ready", metricsPort)).isEqualTo(200);

                try (LiveTraffic traffic = new LiveTraffic(kafka.clientProperties(), topics, BRANDS).start();
                        PrometheusServer prometheus =
                                PrometheusServer.start(work, "127.0.0.1:" + metricsPort, ruleFiles)) {
                    prometheus.awaitUp(Duration.ofSeconds(30));
                    List<String> empty = awaitData(prometheus, expressions, app);
                    Files.writeString(Path.of("target", "metrics-it-scrape.txt"), scrape(metricsPort));
                    assertThat(empty)
                            .as("expressions without data (end of the Prometheus log:%n%s)", prometheus.logTail(15))
                            .isEmpty();
                    assertLiveValues(prometheus);
                }
            }
        }
    }

    /** Polls every expression until each has returned data once; returns those that never did. */
    private static List<String> awaitData(
            PrometheusServer prometheus, List<PromQlExpression> expressions, StreamsApp app)
            throws InterruptedException {
        List<PromQlExpression> pending = new ArrayList<>(expressions);
        long deadline = System.nanoTime() + DATA_DEADLINE.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            app.checkHealthy();
            pending.removeIf(e -> prometheus.hasData(e.promql()));
            Thread.sleep(1_000);
        }
        return pending.stream().map(PromQlExpression::toString).toList();
    }

    /** The traffic's known effects, seen through Prometheus. */
    private static void assertLiveValues(PrometheusServer prometheus) {
        assertThat(prometheus.hasData("sum(rapport_dead_letters_total{reason=\"not_confluent_framed\"}) > 0"))
                .isTrue();
        assertThat(prometheus.hasData("sum(rapport_alerts_total{type=\"sla_breach\",status=\"firing\"}) > 0"))
                .isTrue();
        assertThat(prometheus.hasData("sum(rapport_negative_latencies_total) > 0"))
                .isTrue();
        assertThat(prometheus.hasData("sum(kafka_stream_task_dropped_records_total) > 0"))
                .isTrue();
        assertThat(prometheus.hasData("count(count by (brand) (rapport_messages_total)) == 3"))
                .isTrue();
        // Answers past the 2 s SLA exist, and the SLA bucket splits them from those within it.
        assertThat(prometheus.hasData("sum(rapport_response_latency_seconds_bucket{le=\"2.0\"}) "
                        + "< sum(rapport_response_latency_seconds_count)"))
                .isTrue();
        assertThat(prometheus.hasData("sum(rapport_response_latency_seconds_bucket{le=\"2.0\"}) > 0"))
                .isTrue();
        // Latencies by the question's platform: both platforms of the traffic.
        assertThat(prometheus.hasData("count(count by (platform) (rapport_response_latency_seconds_count)) == 2"))
                .isTrue();
        assertThat(prometheus.hasData("count(count by (platform) (rapport_first_response_latency_seconds_count)) == 2"))
                .isTrue();
        // Waits never answered, or answered after 4.5 s, are decided unanswered at the 3 s horizon.
        assertThat(prometheus.hasData("sum(rapport_wait_outcomes_total{outcome=\"unanswered\"}) > 0"))
                .isTrue();
        // Answers after 2.5 s are in time but past the SLA.
        assertThat(prometheus.hasData("sum(rapport_waits_answered_within_sla_total) > 0"))
                .isTrue();
        assertThat(prometheus.hasData("sum(rapport_waits_answered_within_sla_total) "
                        + "< sum(rapport_wait_outcomes_total{outcome=\"answered_in_time\"})"))
                .isTrue();
        assertThat(prometheus.hasData("sum(rapport_waits_answered_on_other_platform_total) > 0"))
                .isTrue();
        assertThat(prometheus.hasData("sum(rapport_broadcasts_engaged_total) > 0"))
                .isTrue();
        // Customers never answered wait on, past their deadline.
        assertThat(prometheus.hasData("sum(rapport_alerts_firing{type=\"sla_breach\"}) > 0"))
                .isTrue();
        assertThat(prometheus.hasData("sum(rapport_alerts_firing{type=\"broadcast_heavy\"}) > 0"))
                .isTrue();
        // The brand account and three agents write, agent-1 the most; over 30 s, as a window that has
        // just begun may hold one brand message so far.
        assertThat(prometheus.hasData("max(max_over_time(rapport_window_responders[30s])) >= 3"))
                .isTrue();
        assertThat(prometheus.hasData("min(min_over_time(rapport_window_top_responder_share[30s])) < 1"))
                .isTrue();
    }

    private static int status(String path, int port) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String scrape(int port) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
