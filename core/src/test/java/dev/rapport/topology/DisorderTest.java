package dev.rapport.topology;

import static dev.rapport.topology.Events.at;
import static dev.rapport.topology.Events.inbound;
import static dev.rapport.topology.Events.outbound;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.schema.EngagementAlert;
import dev.rapport.schema.MessageEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Out-of-order arrival within the reorder window changes nothing: the same conversations sorted and
 * shuffled (each event delayed by less than the window) give identical stats and alerts. Events
 * later than the window's grace are dropped and counted, not lost silently.
 */
class DisorderTest {
    private static final Duration REORDER = Duration.ofMinutes(10);
    private static final EngagementSettings SETTINGS = EngagementSettings.builder()
            .window(Duration.ofHours(1))
            .grace(Duration.ofHours(1))
            .sla(Duration.ofMinutes(30))
            .reorderWindow(REORDER)
            .wallClockDeadlines(false)
            .build();

    @Test
    void shuffledWithinTheReorderWindowGivesTheSameStatsAndAlertsAsSorted() {
        List<MessageEvent> sorted = conversations();
        Outputs expected = run(sorted);
        assertThat(expected.stats()).isNotEmpty();
        assertThat(expected.alerts()).isNotEmpty();
        for (long seed = 1; seed <= 5; seed++) {
            List<MessageEvent> shuffled = shuffleWithin(sorted, REORDER.toMillis() / 2, seed);
            assertThat(shuffled).isNotEqualTo(sorted);
            assertThat(run(shuffled)).as("seed %d", seed).isEqualTo(expected);
        }
    }

    @Test
    void aReplyArrivingBeforeItsQuestionIsStillAnAnswerWithinTheWindow() {
        List<MessageEvent> replyFirst = List.of(outbound("c1", "a", 5, "q"), inbound("c1", "q", "alice", 0, null));
        try (TopologyHarness harness = new TopologyHarness(SETTINGS)) {
            replyFirst.forEach(harness::send);
            harness.watermark(at(5) + REORDER.toMillis());
            var w = harness.window(Events.BRAND, at(0));
            assertThat(w.getResponses()).isEqualTo(1);
            assertThat(w.getResponseLatencyMaxMs()).isEqualTo(5 * 60_000L);
            assertThat(w.getBroadcasts()).isZero();
            assertThat(w.getDepthReached()).containsOnlyKeys("1", "2");
        }
    }

    @Test
    void eventsLaterThanTheGraceAreCountedAsDroppedNotLostSilently() {
        EngagementSettings noReorder = EngagementSettings.builder()
                .window(Duration.ofHours(1))
                .grace(Duration.ofMinutes(5))
                .sla(Duration.ofMinutes(30))
                .reorderWindow(Duration.ZERO)
                .wallClockDeadlines(false)
                .build();
        try (TopologyHarness harness = new TopologyHarness(noReorder)) {
            harness.send(inbound("c1", "q1", "alice", 0, null), inbound("c2", "q2", "bob", 130, null));
            harness.send(inbound("c3", "late", "carol", 10, null));
            assertThat(harness.window(Events.BRAND, at(0)).getInbound()).isEqualTo(1);
            assertThat(harness.droppedLateRecords()).isEqualTo(1.0);
        }
    }

    private record Outputs(Map<String, String> stats, List<String> alerts) {}

    private static Outputs run(List<MessageEvent> arrival) {
        try (TopologyHarness harness = new TopologyHarness(SETTINGS)) {
            arrival.forEach(harness::send);
            long last = arrival.stream()
                    .mapToLong(e -> e.getOccurredAt().toEpochMilli())
                    .max()
                    .orElseThrow();
            harness.watermark(last + REORDER.toMillis());
            Map<String, String> stats = harness.statsLines();
            List<String> alerts = harness.alerts().stream()
                    .sorted(Comparator.comparing(EngagementAlert::getAlertId))
                    .map(a -> OutputJson.line(OutputJson.alert(a)))
                    .toList();
            return new Outputs(stats, alerts);
        }
    }

    /** Arrival order: occurredAt plus a random delay below {@code maxDelayMs}. */
    private static List<MessageEvent> shuffleWithin(List<MessageEvent> events, long maxDelayMs, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        record Arrival(MessageEvent event, long at) {}
        List<Arrival> arrivals = new ArrayList<>();
        events.forEach(
                e -> arrivals.add(new Arrival(e, e.getOccurredAt().toEpochMilli() + random.nextLong(maxDelayMs))));
        arrivals.sort(Comparator.comparingLong(Arrival::at));
        return arrivals.stream().map(Arrival::event).toList();
    }

    /** Conversations with replies, broadcasts that answer everyone, late answers, several customers. */
    private static List<MessageEvent> conversations() {
        List<MessageEvent> events = new ArrayList<>();
        for (int c = 0; c < 30; c++) {
            String id = "c" + c;
            double start = c * 3.0;
            events.add(inbound(id, id + "-q1", "cust" + c, start, null));
            events.add(inbound(id, id + "-q2", "other" + c, start + 1, id + "-q1"));
            switch (c % 4) {
                case 0 -> events.add(outbound(id, id + "-a", start + 2, id + "-q1"));
                case 1 -> events.add(outbound(id, id + "-a", start + 2.5, null));
                case 2 -> {
                    events.add(outbound(id, id + "-a", start + 45, id + "-q2"));
                    events.add(inbound(id, id + "-t", "other" + c, start + 46, id + "-a"));
                }
                default -> events.add(outbound(id, id + "-a", start + 3, id + "-q2"));
            }
        }
        events.sort(Comparator.comparing(MessageEvent::getOccurredAt));
        return events;
    }
}
