package dev.rapport.capture;

import java.time.Duration;

/**
 * What a capture wrote.
 *
 * @param records lines written
 * @param undecodedValues values written as base64 because they are not Confluent-framed Avro or do not decode
 */
public record CaptureResult(long records, long undecodedValues, StopReason stopReason, Duration elapsed) {

    /** Why the capture ended. */
    public enum StopReason {
        /** Every partition reached the end offset it had when the capture started. */
        END_OFFSETS_REACHED,
        MAX_RECORDS,
        TIMEOUT
    }
}
