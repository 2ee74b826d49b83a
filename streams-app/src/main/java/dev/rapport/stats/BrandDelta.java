package dev.rapport.stats;

import dev.rapport.schema.Platform;

/**
 * What one message changes in its brand's window: the conversation processor emits one per event,
 * keyed by brand and stamped with the event's time, and the windowed aggregation adds them up.
 *
 * @param responseLatencies latency samples of the waits this message answered
 * @param firstResponseLatencies the subset that were a customer's first answer in the conversation
 * @param depthLevelsReached depth levels the conversation reached for the first time at this message
 * @param negativeLatencies answers timed before the wait they answer (discarded samples)
 * @param waitsOpened customer waits this message started (0 or 1), on {@code platform}
 * @param waitsAnswered customer waits this message ended with an answer, on {@code platform}
 */
public record BrandDelta(
        Platform platform,
        boolean inbound,
        boolean broadcast,
        long[] responseLatencies,
        long[] firstResponseLatencies,
        int[] depthLevelsReached,
        int negativeLatencies,
        int waitsOpened,
        int waitsAnswered) {

    public boolean outbound() {
        return !inbound;
    }
}
