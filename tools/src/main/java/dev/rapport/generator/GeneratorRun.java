package dev.rapport.generator;

import dev.rapport.schema.MessageEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/** A generator run: synthetic traffic from {@link TrafficSimulation} delivered to a sink. */
public sealed interface GeneratorRun permits PacedRun, BatchRun {

    /**
     * Live traffic for {@code duration} of {@code clock} time at about {@code settings.eventsPerSecond()}
     * events per second; each event's occurredAt is the clock's time when it is emitted. Sleeps
     * between events; an interrupt ends the run early, with the interrupt flag kept.
     */
    static PacedRun paced(TrafficSettings settings, Duration duration, Clock clock) {
        return new PacedRun(settings, duration, clock, Pause.SLEEP);
    }

    /** As {@link #paced(TrafficSettings, Duration, Clock)}, waiting through {@code pause}: tests move a fake clock in it. */
    static PacedRun paced(TrafficSettings settings, Duration duration, Clock clock, Pause pause) {
        return new PacedRun(settings, duration, clock, pause);
    }

    /**
     * Exactly {@code count} events as fast as possible; occurredAt starts at {@code start} and
     * advances at {@code settings.eventsPerSecond()} events per second of event time.
     */
    static BatchRun batch(TrafficSettings settings, long count, Instant start) {
        return new BatchRun(settings, count, start);
    }

    /** Emits the run's events to {@code sink} in emission order. */
    RunSummary run(Consumer<MessageEvent> sink);
}
