package dev.rapport.generator;

import java.time.Duration;

/** How a paced run waits for its clock; tests pass one that moves a fake clock instead of sleeping. */
@FunctionalInterface
public interface Pause {
    Pause SLEEP = duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);

    void pause(Duration duration) throws InterruptedException;
}
