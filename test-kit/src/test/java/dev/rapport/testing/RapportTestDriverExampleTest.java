package dev.rapport.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.config.RapportConfig;
import dev.rapport.importer.ImportSummary;
import dev.rapport.policy.PolicyOverride;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.EngagementAlert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The example of docs/testing.md, "The test kit: RapportTestDriver", kept here so that it compiles and passes.
 * The capture holds the first 90 events of a 20-second demo ({@code rapport capture} of rapport.messages).
 */
class RapportTestDriverExampleTest {
    @Test
    void demoTrafficMeetsExpectations() throws Exception {
        RapportConfig settings = RapportConfig.defaults().with(Map.of("window", "5m", "sla", "2m"));
        try (RapportTestDriver rapport = new RapportTestDriver(settings)) {
            ImportSummary imported = rapport.pipeCapture(Path.of("src/test/resources/captures/demo-messages.jsonl"));
            rapport.advanceWatermarkToLastEvent();

            assertThat(imported.eventsProduced()).isEqualTo(90);
            assertThat(imported.skippedRows()).isZero();
            // Every captured message is counted once, in some window of its brand.
            assertThat(rapport.allStats().stream()
                            .filter(window -> window.getBrandId().equals("attentive-air"))
                            .mapToLong(BrandWindowStats::getInbound)
                            .sum())
                    .isEqualTo(26);
            // slow-telco answers one message in twelve: its customers wait longer than two minutes.
            assertThat(rapport.alerts())
                    .filteredOn(alert -> alert.getBrandId().equals("slow-telco"))
                    .extracting(EngagementAlert::getType)
                    .contains(AlertType.SLA_WARNING, AlertType.SLA_BREACH)
                    .doesNotContain(AlertType.BROADCAST_HEAVY);
            assertThat(rapport.deadLetters()).isEmpty();
        }
    }

    @Test
    void aBrandPolicyChangesWhatTheSameTrafficMeans() throws Exception {
        RapportConfig settings = RapportConfig.defaults().with(Map.of("window", "5m", "sla", "2m"));
        try (RapportTestDriver rapport = new RapportTestDriver(settings)) {
            rapport.setBrandPolicy(
                    "slow-telco",
                    PolicyOverride.builder().sla(Duration.ofDays(1)).build());
            rapport.pipeCapture(Path.of("src/test/resources/captures/demo-messages.jsonl"));
            rapport.advanceWatermarkToLastEvent();
            assertThat(rapport.alerts())
                    .filteredOn(alert -> alert.getBrandId().equals("slow-telco"))
                    .extracting(EngagementAlert::getType)
                    .doesNotContain(AlertType.SLA_WARNING, AlertType.SLA_BREACH);
            assertThat(rapport.allStats())
                    .filteredOn(w -> w.getBrandId().equals("slow-telco"))
                    .isNotEmpty()
                    .allSatisfy(w -> assertThat(w.getSlaMillis())
                            .isEqualTo(Duration.ofDays(1).toMillis()));
        }
    }

    @Test
    void testingPageShowsThisTest() throws Exception {
        String page = Files.readString(Path.of("../docs/testing.md"));
        String example = page.substring(page.indexOf("```java\n") + "```java\n".length());
        example = example.substring(0, example.indexOf("```"));
        String source =
                Files.readString(Path.of("src/test/java/dev/rapport/testing/RapportTestDriverExampleTest.java"));
        assertThat(withoutIndentation(source)).contains(withoutIndentation(example));
    }

    private static String withoutIndentation(String text) {
        return text.lines().map(String::strip).collect(Collectors.joining("\n"));
    }
}
