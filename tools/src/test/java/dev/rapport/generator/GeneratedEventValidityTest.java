package dev.rapport.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rapport.ingest.EventContract;
import dev.rapport.schema.MessageEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GeneratedEventValidityTest {
    private static final Instant START = Instant.parse("2026-03-01T08:00:00Z");
    private static final int EVENTS = 200_000;

    @ParameterizedTest
    @EnumSource(TrafficMode.class)
    void everyEventKeepsTheContractAndEveryReplyFollowsItsParentInItsConversation(TrafficMode mode) {
        List<MessageEvent> events = GeneratorRun.batch(TrafficSettings.of(mode, 3), EVENTS, START).stream()
                .toList();
        long now = events.stream()
                .mapToLong(e -> e.getOccurredAt().toEpochMilli())
                .max()
                .orElseThrow();
        EventContract contract = new EventContract(Duration.ofDays(1));

        Map<String, MessageEvent> seen = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (MessageEvent e : events) {
            contract.violation(e.getConversationId(), e, now).ifPresent(problems::add);
            if (seen.put(e.getEventId(), e) != null) {
                problems.add("duplicate eventId " + e.getEventId());
            }
            if (e.getInReplyTo() != null) {
                MessageEvent parent = seen.get(e.getInReplyTo());
                if (parent == null) {
                    problems.add(e.getEventId() + " answers " + e.getInReplyTo() + ", not emitted before it");
                } else if (!parent.getConversationId().equals(e.getConversationId())
                        || parent.getPlatform() != e.getPlatform()
                        || !parent.getBrandId().equals(e.getBrandId())) {
                    problems.add(e.getEventId() + " answers " + parent.getEventId()
                            + " of another conversation, platform or brand");
                } else if (parent.getOccurredAt().isAfter(e.getOccurredAt())) {
                    problems.add(e.getEventId() + " happened before its parent " + parent.getEventId());
                }
            } else if (!e.getEventId().equals(e.getConversationId())) {
                problems.add(e.getEventId() + " starts no thread yet answers nothing");
            }
        }
        assertThat(problems).isEmpty();
        assertThat(events).hasSize(EVENTS);
    }

    @Test
    void personasAreInTimeOrder() {
        assertThat(outOfOrderShare(GeneratorRun.batch(TrafficSettings.personas(3), EVENTS, START).stream()
                        .toList()))
                .isZero();
    }

    @Test
    void zipfHasTheConfiguredShareOfEventsOutOfOrder() {
        List<MessageEvent> events = GeneratorRun.batch(TrafficSettings.zipf(3), EVENTS, START).stream()
                .toList();
        double measured = outOfOrderShare(events);
        assertThat(measured)
                .as("share of %d events out of order", events.size())
                .isCloseTo(TrafficSettings.DEFAULT_ZIPF_OUT_OF_ORDER, within(0.01));
    }

    @Test
    void aLateEventIsOvertakenByItsReplyOnlyWhenAskedFor() {
        TrafficSettings lateEvents = TrafficSettings.personas(3).withOutOfOrderFraction(0.2);
        assertThat(repliesBeforeParents(lateEvents)).isZero();
        assertThat(repliesBeforeParents(lateEvents.withRepliesMayPrecedeParents(true)))
                .isPositive();
    }

    @Test
    void openConversationsStayWithinTheCap() {
        int cap = 500;
        TrafficSimulation simulation = new TrafficSimulation(
                TrafficSettings.personas(3).withMaxOpenConversations(cap), START, Duration.ofHours(1));
        int maxOpen = 0;
        for (int i = 0; i < 100_000; i++) {
            simulation.next();
            maxOpen = Math.max(maxOpen, simulation.openConversations());
        }
        assertThat(maxOpen).isEqualTo(cap);
    }

    /** An event is out of order when one emitted before it happened later. */
    private static double outOfOrderShare(List<MessageEvent> events) {
        long latest = Long.MIN_VALUE;
        long late = 0;
        for (MessageEvent e : events) {
            long at = e.getOccurredAt().toEpochMilli();
            if (at < latest) {
                late++;
            }
            latest = Math.max(latest, at);
        }
        return (double) late / events.size();
    }

    private static long repliesBeforeParents(TrafficSettings settings) {
        Map<String, Boolean> emitted = new HashMap<>();
        long count = 0;
        for (MessageEvent e :
                GeneratorRun.batch(settings, 50_000, START).stream().toList()) {
            if (e.getInReplyTo() != null && emitted.get(e.getInReplyTo()) == null) {
                count++;
            }
            emitted.put(e.getEventId(), true);
        }
        return count;
    }
}
