package dev.rapport.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.schema.MessageEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacedRunTest {
    private static final Instant START = Instant.parse("2026-03-01T08:00:00Z");

    /** A clock that moves only when the run pauses, and by exactly the pause: no test sleeps. */
    private static final class ManualClock extends Clock {
        private Instant now;

        ManualClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void emitsAboutTheRateForTheDurationStampedWithTheClock() {
        ManualClock clock = new ManualClock(START);
        Duration duration = Duration.ofMinutes(5);
        List<MessageEvent> events = new ArrayList<>();
        List<String> stampsOffTheClock = new ArrayList<>();

        RunSummary summary = GeneratorRun.paced(
                        TrafficSettings.personas(1).withEventsPerSecond(50), duration, clock, clock::advance)
                .run(event -> {
                    events.add(event);
                    if (!event.getOccurredAt().equals(clock.instant())) {
                        stampsOffTheClock.add(
                                event.getEventId() + " at " + event.getOccurredAt() + ", clock " + clock.instant());
                    }
                });

        assertThat(events).hasSizeBetween(13_500, 16_500);
        assertThat(stampsOffTheClock).isEmpty();
        assertThat(events).allSatisfy(e -> assertThat(e.getOccurredAt()).isBetween(START, START.plus(duration)));
        assertThat(summary.events()).isEqualTo(events.size());
        assertThat(summary.brands()).isEqualTo(Persona.values().length);
        assertThat(summary.elapsed()).isLessThanOrEqualTo(duration);
    }

    @Test
    void theFirstMinuteAlreadyRunsAtAboutTheRate() {
        ManualClock clock = new ManualClock(START);
        RunSummary summary = GeneratorRun.paced(
                        TrafficSettings.zipf(1).withEventsPerSecond(50), Duration.ofMinutes(1), clock, clock::advance)
                .run(event -> {});
        assertThat(summary.events()).isBetween(2_700L, 3_300L);
    }

    @Test
    void anInterruptEndsTheRunEarlyAndKeepsTheFlag() {
        ManualClock clock = new ManualClock(START);
        Pause interruptedAfterTenSeconds = d -> {
            if (clock.instant().isAfter(START.plusSeconds(10))) {
                throw new InterruptedException();
            }
            clock.advance(d);
        };
        List<MessageEvent> events = new ArrayList<>();
        GeneratorRun.paced(
                        TrafficSettings.personas(1).withEventsPerSecond(50),
                        Duration.ofHours(1),
                        clock,
                        interruptedAfterTenSeconds)
                .run(events::add);
        try {
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(events)
                    .isNotEmpty()
                    .allSatisfy(e -> assertThat(e.getOccurredAt()).isBefore(START.plusSeconds(11)));
        } finally {
            Thread.interrupted();
        }
    }
}
