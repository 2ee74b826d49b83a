package dev.rapport.topology;

import static dev.rapport.topology.Events.at;
import static dev.rapport.topology.Events.inbound;
import static dev.rapport.topology.Events.outbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.rapport.schema.AlertStatus;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.EngagementAlert;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SLA of 30 minutes, warning at the default 0.8 = 24 minutes; times are minutes after 10:00.
 * Every wait's alerts fire once and resolve once, under the same alertId.
 */
class SlaAlertLifecycleTest {
    private final TopologyHarness harness = new TopologyHarness(Duration.ofHours(1), Duration.ofMinutes(30));

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void warningThenBreachThenAnswer() {
        harness.send(inbound("c1", "q", "alice", 0, null), inbound("c2", "x", "bob", 24, null));
        assertThat(harness.alerts())
                .as("10:24 has not passed the warning deadline 10:24")
                .isEmpty();

        harness.send(inbound("c3", "y", "carol", 25, null));
        assertThat(harness.alerts()).singleElement().satisfies(warning -> {
            assertThat(warning.getAlertId()).isEqualTo("SLA_WARNING:AcmeSupport:c1:q");
            assertThat(warning.getType()).isEqualTo(AlertType.SLA_WARNING);
            assertThat(warning.getStatus()).isEqualTo(AlertStatus.FIRING);
            assertThat(warning.getDetectedAt().toEpochMilli()).isEqualTo(at(24));
            assertThat(warning.getObservedValue()).isEqualTo(1440.0);
            assertThat(warning.getThreshold()).isEqualTo(1440.0);
        });

        harness.send(inbound("c4", "z", "dave", 31, null));
        harness.send(outbound("c1", "a", 40, "q"));

        assertThat(harness.alerts())
                .filteredOn(a -> "q".equals(a.getEventId()))
                .extracting(
                        EngagementAlert::getType,
                        EngagementAlert::getStatus,
                        EngagementAlert::getObservedValue,
                        a -> a.getDetectedAt().toEpochMilli(),
                        a -> a.getLabels().get("resolution"))
                .containsExactly(
                        tuple(AlertType.SLA_WARNING, AlertStatus.FIRING, 1440.0, at(24), null),
                        tuple(AlertType.SLA_BREACH, AlertStatus.FIRING, 1800.0, at(30), null),
                        tuple(AlertType.SLA_WARNING, AlertStatus.RESOLVED, 1800.0, at(30), "superseded"),
                        tuple(AlertType.SLA_BREACH, AlertStatus.RESOLVED, 2400.0, at(40), "answered"));
        assertEachFiringResolvesOnceUnderItsId();
    }

    @Test
    void answerAfterTheWarningResolvesTheWarningAndNeverBreaches() {
        harness.send(
                inbound("c1", "q", "alice", 0, null),
                inbound("c2", "x", "bob", 25, null),
                outbound("c1", "a", 26, "q"));
        harness.watermark(at(200));

        assertThat(harness.alerts())
                .filteredOn(a -> "q".equals(a.getEventId()))
                .extracting(EngagementAlert::getType, EngagementAlert::getStatus, EngagementAlert::getObservedValue)
                .containsExactly(
                        tuple(AlertType.SLA_WARNING, AlertStatus.FIRING, 1440.0),
                        tuple(AlertType.SLA_WARNING, AlertStatus.RESOLVED, 1560.0));
    }

    @Test
    void answerAtTheWarningDeadlineRaisesNothing() {
        harness.send(inbound("c1", "q", "alice", 0, null), outbound("c1", "a", 24, "q"));
        harness.watermark(at(200));
        assertThat(harness.alerts()).isEmpty();
    }

    @Test
    void aLateAnswerWritesTheRecordsTheClockWouldHaveWritten() {
        harness.send(inbound("c1", "q", "alice", 0, null), outbound("c1", "a", 40, "q"));
        List<EngagementAlert> byLateAnswer = List.copyOf(harness.alerts());

        try (TopologyHarness clockDriven = new TopologyHarness(Duration.ofHours(1), Duration.ofMinutes(30))) {
            clockDriven.send(
                    inbound("c1", "q", "alice", 0, null),
                    inbound("c2", "x", "bob", 25, null),
                    inbound("c3", "y", "carol", 35, null),
                    outbound("c1", "a", 40, "q"));
            assertThat(clockDriven.alerts())
                    .filteredOn(a -> "q".equals(a.getEventId()))
                    .containsExactlyElementsOf(byLateAnswer);
        }
        assertThat(byLateAnswer).hasSize(4);
    }

    @Test
    void redeliveredMessagesRaiseNoAlertTwice() {
        var question = inbound("c1", "q", "alice", 0, null);
        var answer = outbound("c1", "a", 40, "q");
        harness.send(question, inbound("c2", "x", "bob", 35, null), answer);
        harness.send(question, answer, question);
        harness.watermark(at(300));

        assertThat(harness.alerts())
                .filteredOn(a -> "q".equals(a.getEventId()))
                .extracting(EngagementAlert::getType, EngagementAlert::getStatus)
                .containsExactly(
                        tuple(AlertType.SLA_WARNING, AlertStatus.FIRING),
                        tuple(AlertType.SLA_BREACH, AlertStatus.FIRING),
                        tuple(AlertType.SLA_WARNING, AlertStatus.RESOLVED),
                        tuple(AlertType.SLA_BREACH, AlertStatus.RESOLVED));
    }

    @Test
    void anEarlierMessageArrivingLateResolvesTheAlertsOfTheWaitItReplaces() {
        harness.send(inbound("c1", "q2", "alice", 10, null), inbound("c2", "x", "bob", 35, null));
        harness.send(inbound("c1", "q1", "alice", 5, null));
        harness.send(outbound("c1", "a", 50, "q1"));

        assertThat(harness.alerts())
                .filteredOn(a -> "q2".equals(a.getEventId()))
                .extracting(
                        EngagementAlert::getType,
                        EngagementAlert::getStatus,
                        a -> a.getLabels().get("resolution"))
                .containsExactly(
                        tuple(AlertType.SLA_WARNING, AlertStatus.FIRING, null),
                        tuple(AlertType.SLA_WARNING, AlertStatus.RESOLVED, "superseded"));
        assertThat(harness.alerts())
                .filteredOn(a -> "q1".equals(a.getEventId()))
                .extracting(EngagementAlert::getType, EngagementAlert::getStatus)
                .containsExactly(
                        tuple(AlertType.SLA_WARNING, AlertStatus.FIRING),
                        tuple(AlertType.SLA_BREACH, AlertStatus.FIRING),
                        tuple(AlertType.SLA_WARNING, AlertStatus.RESOLVED),
                        tuple(AlertType.SLA_BREACH, AlertStatus.RESOLVED));
        assertEachFiringResolvesOnceUnderItsId();
    }

    private void assertEachFiringResolvesOnceUnderItsId() {
        Map<String, List<AlertStatus>> byId = harness.alerts().stream()
                .collect(Collectors.groupingBy(
                        EngagementAlert::getAlertId,
                        Collectors.mapping(EngagementAlert::getStatus, Collectors.toList())));
        byId.forEach((id, statuses) -> assertThat(statuses)
                .as(id)
                .isIn(List.of(AlertStatus.FIRING), List.of(AlertStatus.FIRING, AlertStatus.RESOLVED)));
    }
}
