package dev.rapport.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.config.RapportConfig;
import dev.rapport.embedded.EmbeddedKafkaBroker;
import dev.rapport.embedded.SchemaRegistryServer;
import dev.rapport.kafka.EventPublisher;
import dev.rapport.kafka.TopicReader;
import dev.rapport.metrics.EngagementMetrics;
import dev.rapport.policy.PolicyFile;
import dev.rapport.registry.SchemaRegistries;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.Direction;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.schema.MessageEvent;
import dev.rapport.schema.Platform;
import dev.rapport.tools.RapportCliRunner;
import dev.rapport.topology.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ops change a brand's policy while Rapport runs: {@code rapport policy set} writes it, the running
 * application applies it to the next waits without a restart, the stats name the new revision,
 * and {@code policy list} / {@code policy reset} show and undo it.
 */
class PolicyCommandIT {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyCommandIT.class);
    private static final String BRAND = "policy-brand";

    @TempDir
    Path stateDir;

    /** policy refuses an in-process registry, so the test shares a real one with the service it runs. */
    private SchemaRegistryServer registryServer;

    private String registry;

    @BeforeEach
    void startRegistry() {
        registryServer = SchemaRegistryServer.start("127.0.0.1", 0);
        registry = registryServer.url();
    }

    @AfterEach
    void stopRegistry() {
        registryServer.close();
    }

    @Test
    void aPolicySetAtRunTimeAppliesWithoutARestart() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults())) {
            RapportConfig config = RapportConfig.defaults()
                    .with(Map.of(
                            "bootstrap.servers",
                            broker.bootstrapServers(),
                            "schema.registry.url",
                            registry,
                            "sla",
                            "1h",
                            "sla.clock",
                            "wall",
                            "query.port",
                            "0",
                            "state.dir",
                            stateDir.toString()));
            Properties client = new Properties();
            client.put("bootstrap.servers", broker.bootstrapServers());
            Topics topics = new Topics(SchemaRegistries.forUrl(registry));
            String[] cluster = {"--bootstrap-servers", broker.bootstrapServers(), "--schema-registry-url", registry};

            try (RapportService service =
                            RapportService.start(config, broker.bootstrapServers(), client, EngagementMetrics.NONE);
                    EventPublisher publisher = new EventPublisher(client, topics.messages());
                    KafkaConsumer<String, EngagementAlert> alerts = alertConsumer(broker, topics)) {
                alerts.subscribe(List.of(Topics.ALERTS));

                RapportCliRunner.Result set = RapportCliRunner.run(concat(
                        new String[] {
                            "policy", "set", "--brand", BRAND, "--sla", "2s", "--warning-fraction", "0.5", "--by", "it"
                        },
                        cluster));
                assertThat(set.exitCode()).as(set.stderr()).isZero();
                Matcher revision = Pattern.compile("revision (\\S+) by it").matcher(set.stdout());
                assertThat(revision.find()).as(set.stdout()).isTrue();
                assertThat(set.stdout()).contains(BRAND + ": sla=2s, slaWarningFraction=0.5");

                // One wait a quarter second until one is judged by the new 2 s SLA: the global
                // table picks the record up while the application runs.
                long setAt = System.currentTimeMillis();
                EngagementAlert breach = null;
                for (int i = 0; breach == null && System.currentTimeMillis() - setAt < 30_000; i++) {
                    publisher.publish(List.of(question("c" + i, "q" + i)), sent -> {});
                    for (var r : alerts.poll(Duration.ofMillis(250))) {
                        if (r.value().getType() == AlertType.SLA_BREACH
                                && BRAND.equals(r.value().getBrandId())) {
                            breach = r.value();
                        }
                    }
                }
                assertThat(breach)
                        .as("an SLA_BREACH under the new policy within 30 s")
                        .isNotNull();
                assertThat(breach.getThreshold()).isEqualTo(2.0);
                LOG.info(
                        "policy applied and first 2 s breach read {} ms after 'policy set' returned",
                        System.currentTimeMillis() - setAt);

                // The brand's window is written at the task's next commit, which may come after the alert.
                List<BrandWindowStats> stats = List.of();
                long statsDeadline = System.currentTimeMillis() + 30_000;
                while (System.currentTimeMillis() < statsDeadline
                        && stats.stream().noneMatch(s -> revision.group(1).equals(s.getPolicyRevision()))) {
                    Thread.sleep(250);
                    stats = TopicReader.readAll(
                                    client,
                                    Topics.BRAND_STATS,
                                    new StringDeserializer(),
                                    topics.brandStats().valueSerde().deserializer())
                            .stream()
                            .map(r -> r.value())
                            .filter(s -> BRAND.equals(s.getBrandId()))
                            .toList();
                }
                assertThat(stats).last().satisfies(s -> {
                    assertThat(s.getPolicyRevision()).isEqualTo(revision.group(1));
                    assertThat(s.getSlaMillis()).isEqualTo(2_000L);
                });

                RapportCliRunner.Result list = RapportCliRunner.run(concat(new String[] {"policy", "list"}, cluster));
                assertThat(list.stdout())
                        .contains(BRAND + ": sla=2s, slaWarningFraction=0.5 (revision " + revision.group(1));
                RapportCliRunner.Result json =
                        RapportCliRunner.run(concat(new String[] {"policy", "list", "--json"}, cluster));
                assertThat(json.stdout()).contains("\"" + BRAND + "\"", "\"sla\" : \"2s\"");

                RapportCliRunner.Result reset =
                        RapportCliRunner.run(concat(new String[] {"policy", "reset", "--brand", BRAND}, cluster));
                assertThat(reset.exitCode()).as(reset.stderr()).isZero();
                assertThat(RapportCliRunner.run(concat(new String[] {"policy", "list"}, cluster))
                                .stdout())
                        .contains("no brand overrides");
            }
        }
    }

    /**
     * The response terms through every form a policy takes: {@code policy set} options, the
     * one-line listing, the JSON file {@code list --json} prints and {@code set --file} reads back.
     * Bounds are checked against the configuration the command runs with (here the defaults: sla 1h,
     * response.horizon 24h, conversation.ttl 7d, unless the command sets them), naming the setting
     * a bound comes from, and a refused change writes nothing.
     */
    @Test
    void responseTermsAreSetListedReadBackAndKeptWithinTheirBounds(@TempDir Path files) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults())) {
            String[] cluster = {"--bootstrap-servers", broker.bootstrapServers(), "--schema-registry-url", registry};
            String summary = "acme: responseHorizon=8h, responseRateMin=0.75, responseRateMinWaits=30 (revision ";

            RapportCliRunner.Result set = RapportCliRunner.run(concat(
                    new String[] {
                        "policy",
                        "set",
                        "--brand",
                        "acme",
                        "--response-horizon",
                        "8h",
                        "--response-rate-min",
                        "0.75",
                        "--response-rate-min-waits",
                        "30",
                        "--by",
                        "it"
                    },
                    cluster));
            assertThat(set.exitCode()).as(set.stderr()).isZero();
            assertThat(set.stdout()).contains("set " + summary);
            assertThat(RapportCliRunner.run(concat(new String[] {"policy", "list"}, cluster))
                            .stdout())
                    .contains(summary);

            RapportCliRunner.Result json =
                    RapportCliRunner.run(concat(new String[] {"policy", "list", "--json"}, cluster));
            assertThat(json.stdout())
                    .contains(
                            "\"responseHorizon\" : \"8h\"",
                            "\"responseRateMin\" : 0.75",
                            "\"responseRateMinWaits\" : 30");
            Path file = files.resolve("policies.json");
            Files.writeString(file, json.stdout());
            assertThat(PolicyFile.read(file).brands().get("acme")).satisfies(acme -> {
                assertThat(acme.responseHorizon()).isEqualTo(Duration.ofHours(8));
                assertThat(acme.responseRateMin()).isEqualTo(0.75);
                assertThat(acme.responseRateMinWaits()).isEqualTo(30);
            });
            assertThat(RapportCliRunner.run(concat(new String[] {"policy", "reset", "--brand", "acme"}, cluster))
                            .exitCode())
                    .isZero();
            RapportCliRunner.Result fromFile =
                    RapportCliRunner.run(concat(new String[] {"policy", "set", "--file", file.toString()}, cluster));
            assertThat(fromFile.exitCode()).as(fromFile.stderr()).isZero();
            assertThat(fromFile.stdout()).contains("set " + summary);

            assertRefused(
                    cluster,
                    "brand short: responseHorizon (30m) must be at least the setting 'sla' (1h)",
                    "--brand",
                    "short",
                    "--response-horizon",
                    "30m");
            assertRefused(
                    cluster,
                    "brand slow: sla (30h) must not exceed the setting 'response.horizon' (1d)",
                    "--brand",
                    "slow",
                    "--sla",
                    "30h");
            assertRefused(
                    cluster,
                    "brand long: responseHorizon (8d) must not exceed the setting 'conversation.ttl' (7d)",
                    "--brand",
                    "long",
                    "--response-horizon",
                    "8d");
            assertRefused(
                    cluster,
                    "brand long: responseHorizon (13h) must not exceed the setting 'conversation.ttl' (12h)",
                    "--brand",
                    "long",
                    "--response-horizon",
                    "13h",
                    "--set",
                    "conversation.ttl=12h",
                    "--set",
                    "response.horizon=12h");
            assertRefused(
                    cluster,
                    "brand acme: invalid policy: responseHorizon (8h) must be at least sla (9h)",
                    "--brand",
                    "acme",
                    "--sla",
                    "9h");

            RapportCliRunner.Result list = RapportCliRunner.run(concat(new String[] {"policy", "list"}, cluster));
            assertThat(list.stdout().lines().toList())
                    .as("the refused changes wrote nothing")
                    .singleElement()
                    .asString()
                    .startsWith(summary);
        }
    }

    private static void assertRefused(String[] cluster, String message, String... setArguments) {
        RapportCliRunner.Result refused =
                RapportCliRunner.run(concat(concat(new String[] {"policy", "set"}, setArguments), cluster));
        assertThat(refused.exitCode()).as(refused.stdout()).isNotZero();
        assertThat(refused.stderr()).contains(message);
    }

    @Test
    void policyCommandsNeedTheClusterAndValidInput() {
        RapportCliRunner.Result noCluster = RapportCliRunner.run("policy", "list");
        assertThat(noCluster.exitCode()).isNotZero();
        assertThat(noCluster.stderr()).contains("'bootstrap.servers' is required");

        RapportCliRunner.Result badHours = RapportCliRunner.run(
                "policy",
                "set",
                "--brand",
                "b",
                "--time-zone",
                "UTC",
                "--hours",
                "Mon 17:00-09:00",
                "--bootstrap-servers",
                "localhost:1");
        assertThat(badHours.exitCode()).isNotZero();
        assertThat(badHours.stderr()).contains("17:00-09:00");
    }

    private static MessageEvent question(String conversation, String id) {
        return MessageEvent.newBuilder()
                .setEventId(id)
                .setPlatform(Platform.WHATSAPP)
                .setBrandId(BRAND)
                .setConversationId(conversation)
                .setDirection(Direction.INBOUND)
                .setAuthorId("customer-" + id)
                .setInReplyTo(null)
                .setOccurredAt(Instant.now())
                .build();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static KafkaConsumer<String, EngagementAlert> alertConsumer(EmbeddedKafkaBroker broker, Topics topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "policy-command-it");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(
                p, new StringDeserializer(), topics.alerts().valueSerde().deserializer());
    }
}
