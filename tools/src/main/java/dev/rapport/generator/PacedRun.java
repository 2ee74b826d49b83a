package dev.rapport.generator;

import dev.rapport.schema.MessageEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Live traffic: the simulation runs in step with the clock, and each event is stamped with the
 * clock's time when it goes out, so event time is wall-clock time as in production.
 */
public final class PacedRun implements GeneratorRun {
    private final TrafficSettings settings;
    private final Duration duration;
    private final Clock clock;
    private final Pause pause;

    PacedRun(TrafficSettings settings, Duration duration, Clock clock, Pause pause) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, got " + duration);
        }
        this.settings = settings;
        this.duration = duration;
        this.clock = clock;
        this.pause = pause;
    }

    @Override
    public RunSummary run(Consumer<MessageEvent> sink) {
        long startMs = clock.millis();
        long endMs = startMs + duration.toMillis();
        TrafficSimulation simulation = new TrafficSimulation(settings, Instant.ofEpochMilli(startMs), duration);
        OutOfOrderShuffle shuffle = new OutOfOrderShuffle(settings);
        RunTally tally = new RunTally(sink);
        long lastStampMs = startMs;
        while (true) {
            MessageEvent event = simulation.next();
            long dueMs = event.getOccurredAt().toEpochMilli();
            if (dueMs >= endMs || !waitUntil(dueMs)) {
                break;
            }
            // The clock may be late after a pause or step back (NTP); stamps never go back, so a reply never precedes
            // its parent.
            lastStampMs = Math.max(lastStampMs, clock.millis());
            event.setOccurredAt(Instant.ofEpochMilli(lastStampMs));
            shuffle.accept(event, tally);
        }
        shuffle.drain(tally);
        return tally.summary(Duration.ofMillis(clock.millis() - startMs));
    }

    private boolean waitUntil(long dueMs) {
        try {
            for (long now = clock.millis(); now < dueMs; now = clock.millis()) {
                pause.pause(Duration.ofMillis(dueMs - now));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
