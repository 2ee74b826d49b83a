package dev.rapport.bench;

import java.time.Duration;

/** The benchmark's pauses: an interrupt ends the run (keeping the thread's interrupt flag). */
final class Waiting {
    private Waiting() {}

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
