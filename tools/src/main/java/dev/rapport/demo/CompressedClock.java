package dev.rapport.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Simulated time running {@code speed} times faster than the wall clock and ending at the wall
 * clock: a demo of one minute at speed 60 shows the hour that just passed. Event times never lie
 * in the future, so the events pass the contract like real ones.
 */
final class CompressedClock extends Clock {
    private final long startNanos;
    private final long simulatedStartMs;
    private final double speed;

    CompressedClock(Duration wallDuration, double speed) {
        this.startNanos = System.nanoTime();
        this.speed = speed;
        this.simulatedStartMs = System.currentTimeMillis() - (long) (wallDuration.toMillis() * speed);
    }

    @Override
    public long millis() {
        return simulatedStartMs + (long) ((System.nanoTime() - startNanos) / 1_000_000.0 * speed);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone)) {
            throw new IllegalArgumentException("the demo clock runs in UTC only, not " + zone);
        }
        return this;
    }

    /** Wall-clock time to sleep for a simulated duration. */
    Duration wallTimeFor(Duration simulated) {
        return Duration.ofNanos((long) (simulated.toNanos() / speed));
    }
}
