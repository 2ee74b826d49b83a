package dev.rapport.bench;

import java.time.Duration;

/** The events written to the input topic: how many and the event time they cover. */
record InputSpan(long events, long firstOccurredAtMs, long lastOccurredAtMs) {
    Duration eventTime() {
        return Duration.ofMillis(lastOccurredAtMs - firstOccurredAtMs);
    }
}
