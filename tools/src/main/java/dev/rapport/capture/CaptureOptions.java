package dev.rapport.capture;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What to capture.
 *
 * @param topic the topic, all partitions
 * @param fromBeginning read from the earliest offsets up to the end offsets found at start (a snapshot);
 *     otherwise follow the records written after the start until {@code maxRecords} or {@code timeout}
 * @param maxRecords stop after this many records
 * @param timeout the longest the capture runs
 * @param readCommitted skip records of aborted and open transactions (Rapport writes its outputs exactly-once)
 */
public record CaptureOptions(
        String topic, boolean fromBeginning, OptionalLong maxRecords, Duration timeout, boolean readCommitted) {
    public CaptureOptions {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(maxRecords, "maxRecords");
        if (maxRecords.isPresent() && maxRecords.getAsLong() <= 0) {
            throw new IllegalArgumentException("the record limit must be positive, got " + maxRecords.getAsLong());
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive, got " + timeout);
        }
    }
}
