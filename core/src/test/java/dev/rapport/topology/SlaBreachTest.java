package dev.rapport.topology;

import static dev.rapport.topology.Events.BRAND;
import static dev.rapport.topology.Events.at;
import static dev.rapport.topology.Events.inbound;
import static dev.rapport.topology.Events.outbound;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.schema.AlertStatus;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.EngagementAlert;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SLA of 30 minutes; times are minutes after 10:00. A wait breaches when it lasts longer than the SLA. */
class SlaBreachTest {
    private final TopologyHarness harness = new TopologyHarness(Duration.ofHours(1), Duration.ofMinutes(30));

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void answerLaterThanTheSlaIsOneBreach() {
        harness.send(inbound("c1", "q", "alice", 0, null), outbound("c1", "a", 31, "q"));

        assertThat(harness.breaches()).singleElement().satisfies(alert -> {
            assertThat(alert.getType()).isEqualTo(AlertType.SLA_BREACH);
            assertThat(alert.getStatus()).isEqualTo(AlertStatus.FIRING);
            assertThat(alert.getBrandId()).isEqualTo(BRAND);
            assertThat(alert.getConversationId()).isEqualTo("c1");
            assertThat(alert.getEventId()).isEqualTo("q");
            assertThat(alert.getDetectedAt().toEpochMilli()).isEqualTo(at(30));
            assertThat(alert.getThreshold()).isEqualTo(1800.0);
        });
    }

    @Test
    void answerExactlyAtTheSlaIsNotABreach() {
        harness.send(inbound("c1", "q", "alice", 0, null), outbound("c1", "a", 30, "q"));
        assertThat(harness.breaches()).isEmpty();
    }

    @Test
    void openWaitBreachesWhenEventTimePassesTheDeadlineEvenWithoutAnAnswer() {
        harness.send(inbound("c1", "q", "alice", 0, null), inbound("c2", "x", "bob", 30, null));
        assertThat(harness.breaches())
                .as("event time 10:30 has not passed the 10:30 deadline")
                .isEmpty();

        harness.send(inbound("c3", "y", "carol", 30.5, null));
        assertThat(harness.breaches()).extracting(EngagementAlert::getEventId).containsExactly("q");

        // The late answer of the same wait does not fire it again.
        harness.send(outbound("c1", "a", 45, "q"));
        assertThat(harness.breaches()).extracting(EngagementAlert::getEventId).containsExactly("q");
    }

    @Test
    void watermarkEvaluatesDeadlinesUpToTheLastEventTime() {
        harness.send(inbound("c1", "q1", "alice", 0, null), inbound("c2", "q2", "bob", 10, null));
        assertThat(harness.breaches()).isEmpty();

        harness.watermark(at(35));
        assertThat(harness.breaches()).extracting(EngagementAlert::getEventId).containsExactly("q1");
        assertThat(harness.stats()).as("a watermark is not an event").hasSize(1);
        assertThat(harness.window(BRAND, at(0)).getInbound()).isEqualTo(2);
    }

    @Test
    void eachCustomerWaitIsItsOwnBreachAndAnsweredWaitsDoNotBreach() {
        harness.send(
                inbound("c1", "q1", "alice", 0, null),
                inbound("c1", "q2", "bob", 5, "q1"),
                outbound("c1", "a1", 20, "q2"), // bob answered in 15 min
                inbound("c1", "q3", "bob", 25, "a1"), // bob waits again from 25
                outbound("c1", "a2", 70, null)); // answers alice (70 > 30) and bob (45 > 30)

        assertThat(harness.breaches()).extracting(EngagementAlert::getEventId).containsExactlyInAnyOrder("q1", "q3");
        assertThat(harness.breaches()).extracting(EngagementAlert::getAlertId).doesNotHaveDuplicates();
    }

    @Test
    void breachesAreOrderedByDeadlineWhenOneEventPassesSeveral() {
        harness.send(
                inbound("c1", "q1", "alice", 5, null),
                inbound("c2", "q2", "bob", 0, null),
                inbound("c3", "q3", "carol", 2, null));
        harness.watermark(at(100));

        assertThat(harness.breaches()).extracting(EngagementAlert::getEventId).containsExactly("q2", "q3", "q1");
    }
}
