package dev.rapport.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.alert.AlertThresholds;
import dev.rapport.alert.FinalWindowAlerts;
import dev.rapport.policy.Policy;
import dev.rapport.policy.PolicyBook;
import dev.rapport.importer.EventFormat;
import dev.rapport.replay.ReplayRunner;
import dev.rapport.replay.OutputJson;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.schema.MessageEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: {@code java -jar rapport.jar replay} on the sample file, through the embedded KRaft
 * broker, 3 partitions and exactly-once, must write exactly what the TopologyTestDriver computes
 * from the same events. (Alerts are compared without emittedAt, the wall-clock field.)
 */
class ReplayCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path out;

    @Test
    void replayOfTheSampleFileMatchesTheTopologyTestDriver() throws Exception {
        Path jar = Path.of(System.getProperty("rapport.jar", "target/rapport.jar"));
        Process process = new ProcessBuilder("java", "-jar", jar.toString(), "replay",
                "--input", SampleFile.path().toString(), "--format", "twcs",
                "--window", "1h", "--sla", "1h", "--out", out.toString())
                .redirectErrorStream(false)
                .start();
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("replay failed:%n%s%n%s", stdout, stderr).isZero();
        assertThat(stdout).contains("events replayed", "SLA breaches", "wall time", "brands");
        System.out.println(stdout);

        // The summary and INFO logs carry no customer identifiers (the sample's customers are numeric ids).
        String infoLines = stdout + stderr.lines().filter(l -> l.contains(" INFO ")).collect(java.util.stream.Collectors.joining("\n"));
        EventFormat.fromCliName("twcs").newImporter().importFrom(SampleFile.path()).events().stream()
                .filter(e -> e.getDirection() == dev.rapport.schema.Direction.INBOUND)
                .map(MessageEvent::getAuthorId)
                .forEach(customer -> assertThat(infoLines).doesNotContainPattern("\\b" + customer + "\\b"));

        Expected expected = expectedFromTopologyTestDriver();
        assertThat(Files.readAllLines(out.resolve("brand-stats.jsonl"))).containsExactlyElementsOf(expected.stats);
        assertThat(withoutEmittedAt(Files.readAllLines(out.resolve("alerts.jsonl")))).containsExactlyElementsOf(expected.alerts);
        assertThat(expected.stats).hasSizeGreaterThan(20);
        assertThat(expected.alerts).isNotEmpty();
    }

    private record Expected(List<String> stats, List<String> alerts) {}

    private static Expected expectedFromTopologyTestDriver() throws IOException {
        List<MessageEvent> events = new ArrayList<>(EventFormat.fromCliName("twcs").newImporter()
                .importFrom(SampleFile.path()).events());
        events.sort(Comparator.comparing(MessageEvent::getOccurredAt));
        try (TopologyHarness harness = new TopologyHarness(Duration.ofHours(1), Duration.ofHours(1))) {
            events.forEach(harness::send);
            harness.watermark(events.get(events.size() - 1).getOccurredAt().toEpochMilli());
            List<String> stats = harness.stats().values().stream()
                    .sorted(Comparator.comparing(BrandWindowStats::getBrandId).thenComparing(BrandWindowStats::getWindowStart))
                    .map(s -> OutputJson.line(OutputJson.stats(s)))
                    .toList();
            // Conversation alerts as the topology wrote them; brand alerts judged on the final
            // windows at the end of the input, as replay does.
            List<EngagementAlert> all = new ArrayList<>(harness.alerts().stream()
                    .filter(a -> a.getConversationId() != null).toList());
            all.addAll(FinalWindowAlerts.of(harness.stats().values(), Duration.ofHours(1), new PolicyBook(new Policy(
                    Duration.ofHours(1), AlertThresholds.defaults(), Optional.empty(), Policy.DEFAULT_REVISION), Map.of()), 0));
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
