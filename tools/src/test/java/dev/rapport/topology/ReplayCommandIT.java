package dev.rapport.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.alert.FinalWindowAlerts;
import dev.rapport.importer.EventFormat;
import dev.rapport.policy.PolicyBook;
import dev.rapport.policy.PolicyFile;
import dev.rapport.policy.PolicyOverride;
import dev.rapport.policy.PolicyRecords;
import dev.rapport.replay.ReplayRunner;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.Direction;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.schema.MessageEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End to end: {@code java -jar rapport.jar replay} on the sample file, through the embedded KRaft
 * broker, 3 partitions and exactly-once, must write exactly what the TopologyTestDriver computes
 * from the same events. (Alerts are compared without emittedAt, the wall-clock field.)
 */
class ReplayCommandIT {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayCommandIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path out;

    @Test
    void replayOfTheSampleFileMatchesTheTopologyTestDriver() throws Exception {
        String[] run = replay(out);
        String stdout = run[0];
        String stderr = run[1];
        assertThat(stdout)
                .contains("events replayed", "SLA breaches", "wall time", "brands", "response rate", "SLA attainment");

        // The summary and INFO logs carry no customer identifiers (the sample's customers are numeric ids).
        String infoLines = stdout
                + Stream.concat(stderr.lines(), Files.readAllLines(out.resolve("replay.log")).stream())
                        .filter(l -> l.contains(" INFO "))
                        .collect(Collectors.joining("\n"));
        EventFormat.fromCliName("twcs").newImporter().importFrom(SampleFile.path()).events().stream()
                .filter(e -> e.getDirection() == Direction.INBOUND)
                .map(MessageEvent::getAuthorId)
                .forEach(customer -> assertThat(infoLines).doesNotContainPattern("\\b" + customer + "\\b"));

        Expected expected = expectedFromTopologyTestDriver(SETTINGS, Map.of(), Instant.EPOCH);
        assertThat(Files.readAllLines(out.resolve("brand-stats.jsonl"))).containsExactlyElementsOf(expected.stats);
        assertThat(withoutEmittedAt(Files.readAllLines(out.resolve("alerts.jsonl"))))
                .containsExactlyElementsOf(expected.alerts);
        assertThat(expected.stats).hasSizeGreaterThan(20);
        assertThat(expected.alerts).isNotEmpty();
    }

    /**
     * The console carries the replay's own output: Kafka's warnings (the state directory under the
     * OS temp directory that replay itself chose, among others) go to the log file that the first
     * line of stderr names, replay.log in the output directory by default.
     */
    @Test
    void kafkasWarningsGoToTheLogFileNamedOnTheConsole() throws Exception {
        String stderr = replay(out)[1];
        Path logFile = out.resolve("replay.log").toAbsolutePath();
        assertThat(stderr.lines().findFirst())
                .hasValue("rapport: log file " + logFile + " (Kafka's warnings; errors show here too)");
        // %logger{36} shortens org.apache.kafka to o.a.k, o.apache.kafka or not at all, by the name's length.
        String kafkaWarning = "WARN .*\\] o(rg)?\\.a(pache)?\\.k(afka)?\\.";
        assertThat(stderr).doesNotContainPattern(kafkaWarning);
        assertThat(Files.readString(logFile)).containsPattern(kafkaWarning);
    }

    /**
     * With a 2 h response horizon, waits the sample leaves open are decided unanswered before its
     * last event: replay and the TopologyTestDriver agree on every field, and the summary's overall
     * response rate and SLA attainment are the sums of the windows' counts.
     */
    @Test
    void aShortHorizonDecidesUnansweredWaitsAsTheTopologyTestDriverDoes() throws Exception {
        String stdout = replay(out, "--set", "response.horizon=2h")[0];
        EngagementSettings settings =
                SETTINGS.toBuilder().responseHorizon(Duration.ofHours(2)).build();
        Expected expected = expectedFromTopologyTestDriver(settings, Map.of(), Instant.EPOCH);
        assertThat(Files.readAllLines(out.resolve("brand-stats.jsonl"))).containsExactlyElementsOf(expected.stats);

        long inTime = 0;
        long unanswered = 0;
        long withinSla = 0;
        for (String line : expected.stats) {
            JsonNode window = JSON.readTree(line);
            inTime += window.get("answeredInTime").asLong();
            unanswered += window.get("unanswered").asLong();
            withinSla += window.get("answeredWithinSla").asLong();
        }
        assertThat(unanswered).as("Tesco's 119309 at least").isPositive();
        assertThat(inTime).isGreaterThan(withinSla).isPositive();
        assertThat(stdout)
                .contains(String.format(
                        "response rate          %.1f%% (%,d of %,d decided waits",
                        100.0 * inTime / (inTime + unanswered), inTime, inTime + unanswered));
        assertThat(stdout)
                .contains(String.format(
                        "SLA attainment         %.1f%% (%,d of %,d decided waits",
                        100.0 * withinSla / (inTime + unanswered), withinSla, inTime + unanswered));
    }

    /**
     * What-if: the same history under a policy file (a 2 h default SLA, 10 min for Tesco, business
     * hours for AppleSupport) gives what the TopologyTestDriver gives under those policies, and
     * other breaches than the configured 1 h SLA.
     */
    @Test
    void aWhatIfReplayJudgesHistoryUnderThePolicyFile() throws Exception {
        Path policyFile = out.resolve("what-if.json");
        Files.writeString(policyFile, """
                {"default": {"sla": "2h"},
                 "brands": {"Tesco": {"sla": "10m"},
                            "AppleSupport": {"sla": "30m", "businessHours":
                                {"timeZone": "America/Los_Angeles", "weekly": "Mon-Fri 09:00-17:00"}}}}
                """);
        Instant revision = Instant.parse("2026-11-20T09:00:00Z");
        Files.setLastModifiedTime(policyFile, FileTime.from(revision));
        Path whatIfOut = out.resolve("what-if");
        String stdout = replay(whatIfOut, "--policy", policyFile.toString())[0];
        assertThat(stdout).contains("under the policies of " + policyFile);

        PolicyFile policies = PolicyFile.read(policyFile);
        Expected expected = expectedFromTopologyTestDriver(
                SETTINGS.withDefaultPolicy(policies.defaults().orElseThrow()), policies.brands(), revision);
        assertThat(Files.readAllLines(whatIfOut.resolve("brand-stats.jsonl")))
                .containsExactlyElementsOf(expected.stats);
        List<String> alerts = withoutEmittedAt(Files.readAllLines(whatIfOut.resolve("alerts.jsonl")));
        assertThat(alerts).containsExactlyElementsOf(expected.alerts);
        assertThat(alerts).anySatisfy(a -> assertThat(a).contains("\"slaClock\":\"business\""));
        assertThat(breaches(alerts))
                .isNotEqualTo(breaches(expectedFromTopologyTestDriver(SETTINGS, Map.of(), Instant.EPOCH).alerts));
    }

    /**
     * What-if on the response terms: by default a 2 h horizon and a minimum response rate of 0.6
     * judged on as little as one decided wait; for AppleSupport an 8 h horizon and 0.95. The
     * expectation runs with the grace replay widens to (the whole input): an unanswered outcome is
     * stamped with its horizon, hours before the message that carries event time past it, and with
     * the configured 1 h grace the TopologyTestDriver drops it as late where replay keeps it.
     */
    @Test
    void aWhatIfReplayAppliesTheFilesResponseHorizonAndMinimumRate() throws Exception {
        Path policyFile = out.resolve("response-what-if.json");
        Files.writeString(policyFile, """
                {"default": {"responseHorizon": "2h", "responseRateMin": 0.6, "responseRateMinWaits": 1},
                 "brands": {"AppleSupport": {"responseHorizon": "8h", "responseRateMin": 0.95}}}
                """);
        Instant revision = Instant.parse("2026-11-21T09:00:00Z");
        Files.setLastModifiedTime(policyFile, FileTime.from(revision));
        Path whatIfOut = out.resolve("response-what-if");
        replay(whatIfOut, "--policy", policyFile.toString());

        PolicyFile policies = PolicyFile.read(policyFile);
        Expected expected = expectedFromTopologyTestDriver(
                withReplayGrace(SETTINGS.withDefaultPolicy(policies.defaults().orElseThrow())),
                policies.brands(),
                revision);
        assertThat(Files.readAllLines(whatIfOut.resolve("brand-stats.jsonl")))
                .containsExactlyElementsOf(expected.stats);
        List<String> alerts = withoutEmittedAt(Files.readAllLines(whatIfOut.resolve("alerts.jsonl")));
        assertThat(alerts).containsExactlyElementsOf(expected.alerts);

        List<JsonNode> responseRate = new ArrayList<>();
        for (String line : alerts) {
            JsonNode alert = JSON.readTree(line);
            if (alert.get("type").asText().equals("RESPONSE_RATE_LOW")) {
                responseRate.add(alert);
            }
        }
        // HPSupport's one customer wrote at 02:04:50 and was answered 11.5 h later: under the 2 h
        // horizon the wait is decided unanswered at 04:04:50, in a window with no message at all.
        assertThat(responseRate).anySatisfy(alert -> {
            assertThat(alert.get("brandId").asText()).isEqualTo("HPSupport");
            assertThat(alert.get("status").asText()).isEqualTo("FIRING");
            assertThat(alert.get("windowStart").asLong())
                    .isEqualTo(Instant.parse("2017-10-11T04:00:00Z").toEpochMilli());
            assertThat(alert.get("observedValue").asDouble()).isEqualTo(0.0);
            assertThat(alert.get("threshold").asDouble()).isEqualTo(0.6);
            assertThat(alert.get("labels").get("policy").asText()).isEqualTo("default");
        });
        // AppleSupport's eleven answers between 13:30 and 13:56 came 4.7 to 7.1 h after the questions:
        // in time under its 8 h horizon, where the default 2 h would have decided every one of them
        // unanswered. The window [13:00, 14:00) also holds the horizon of the question of 05:33:17,
        // which nobody answered (the 13:38 answer in its thread replies to another customer): 11 of 12.
        assertThat(responseRate)
                .filteredOn(a -> a.get("brandId").asText().equals("AppleSupport"))
                .first()
                .satisfies(alert -> {
                    assertThat(alert.get("status").asText()).isEqualTo("FIRING");
                    assertThat(alert.get("windowStart").asLong())
                            .isEqualTo(Instant.parse("2017-10-11T13:00:00Z").toEpochMilli());
                    assertThat(alert.get("observedValue").asDouble()).isEqualTo(11.0 / 12);
                });
        assertThat(responseRate)
                .filteredOn(a -> a.get("brandId").asText().equals("AppleSupport"))
                .allSatisfy(alert -> {
                    assertThat(alert.get("threshold").asDouble()).isEqualTo(0.95);
                    assertThat(alert.get("labels").get("policy").asText()).isEqualTo(revision.toString());
                });
        assertThat(responseRate)
                .filteredOn(a -> !a.get("brandId").asText().equals("AppleSupport"))
                .allSatisfy(
                        alert -> assertThat(alert.get("threshold").asDouble()).isEqualTo(0.6));
    }

    /** {@code settings} with the grace replay uses: the span of the input plus a window. */
    private static EngagementSettings withReplayGrace(EngagementSettings settings) throws IOException {
        List<MessageEvent> events = EventFormat.fromCliName("twcs")
                .newImporter()
                .importFrom(SampleFile.path())
                .events();
        Instant first = events.stream()
                .map(MessageEvent::getOccurredAt)
                .min(Comparator.naturalOrder())
                .orElseThrow();
        Instant last = events.stream()
                .map(MessageEvent::getOccurredAt)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        return settings.toBuilder()
                .grace(Duration.between(first, last).plus(settings.window()))
                .build();
    }

    private static final EngagementSettings SETTINGS = EngagementSettings.builder()
            .window(Duration.ofHours(1))
            .grace(Duration.ofHours(1))
            .sla(Duration.ofHours(1))
            .wallClockDeadlines(false)
            .build();

    /** Runs {@code java -jar rapport.jar replay} on the sample into {@code outDir}; returns stdout and stderr. */
    private static String[] replay(Path outDir, String... extra) throws Exception {
        Path jar = Path.of(System.getProperty("rapport.jar", "target/rapport.jar"));
        List<String> command = new ArrayList<>(List.of(
                "java",
                "-jar",
                jar.toString(),
                "replay",
                "--input",
                SampleFile.path().toString(),
                "--format",
                "twcs",
                "--window",
                "1h",
                "--sla",
                "1h",
                "--out",
                outDir.toString()));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue())
                .as("replay failed:%n%s%n%s", stdout, stderr)
                .isZero();
        LOG.info("replay {}:\n{}", String.join(" ", extra), stdout);
        return new String[] {stdout, stderr};
    }

    private static long breaches(List<String> alertLines) {
        return alertLines.stream()
                .filter(l -> l.contains("\"type\":\"SLA_BREACH\"") && l.contains("\"status\":\"FIRING\""))
                .count();
    }

    private record Expected(List<String> stats, List<String> alerts) {}

    private static Expected expectedFromTopologyTestDriver(
            EngagementSettings settings, Map<String, PolicyOverride> brands, Instant revision) throws IOException {
        List<MessageEvent> events = new ArrayList<>(EventFormat.fromCliName("twcs")
                .newImporter()
                .importFrom(SampleFile.path())
                .events());
        events.sort(Comparator.comparing(MessageEvent::getOccurredAt));
        Map<String, PolicyOverride> overrides = new LinkedHashMap<>();
        try (TopologyHarness harness = new TopologyHarness(settings)) {
            brands.forEach((brand, override) -> {
                harness.setPolicy(brand, override, revision);
                overrides.put(
                        brand, PolicyRecords.toOverride(PolicyRecords.toRecord(brand, override, revision, "test")));
            });
            events.forEach(harness::send);
            harness.watermark(events.get(events.size() - 1).getOccurredAt().toEpochMilli());
            List<String> stats = harness.stats().values().stream()
                    .sorted(Comparator.comparing(BrandWindowStats::getBrandId)
                            .thenComparing(BrandWindowStats::getWindowStart))
                    .map(s -> OutputJson.line(OutputJson.stats(s)))
                    .toList();
            // Conversation alerts as the topology wrote them; brand alerts judged on the final
            // windows at the end of the input, as replay does.
            List<EngagementAlert> all = new ArrayList<>(harness.alerts().stream()
                    .filter(a -> a.getConversationId() != null)
                    .toList());
            all.addAll(FinalWindowAlerts.of(
                    harness.stats().values(),
                    settings.window(),
                    new PolicyBook(settings.defaultPolicy(), overrides),
                    0));
            List<String> alerts = all.stream()
                    .sorted(ReplayRunner.ALERT_ORDER)
                    .map(a -> OutputJson.line(OutputJson.alert(a)))
                    .toList();
            return new Expected(stats, withoutEmittedAt(alerts));
        }
    }

    private static List<String> withoutEmittedAt(List<String> lines) throws IOException {
        List<String> result = new ArrayList<>();
        for (String line : lines) {
            ObjectNode node = (ObjectNode) JSON.readTree(line);
            assertThat(node.has("emittedAt")).isTrue();
            node.remove("emittedAt");
            result.add(node.toString());
        }
        return result;
    }
}
