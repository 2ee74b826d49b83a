package dev.rapport.stats;

import dev.rapport.schema.Platform;

/**
 * What one message changes in its brand's window: the conversation processor emits one per event,
 * keyed by brand and stamped with the event's time, and the windowed aggregation adds them up.
 *
 * @param responseLatencies latency samples of the waits this message answered
 * @param firstResponseLatencies the subset that were a customer's first answer in the conversation
 * @param businessResponseLatencies for brands with business hours: {@code responseLatencies}
 *     counted in business time, in the same order; empty otherwise
 * @param depthLevelsReached depth levels the conversation reached for the first time at this message
 * @param negativeLatencies answers timed before the wait they answer (discarded samples)
 * @param waitsOpened customer waits this message started (0 or 1), on {@code platform}
 * @param waitsAnswered customer waits this message ended with an answer, on {@code platform}
 * @param message false for a delta that is not a message: waits abandoned when an idle
 *     conversation expired, counted in the window of the expiry
 * @param abandonedWaits waits still open when their conversation expired
 */
public record BrandDelta(
        Platform platform,
        boolean inbound,
        boolean broadcast,
        long[] responseLatencies,
        long[] firstResponseLatencies,
        long[] businessResponseLatencies,
        int[] depthLevelsReached,
        int negativeLatencies,
        int waitsOpened,
        int waitsAnswered,
        boolean message,
        int abandonedWaits) {

    private static final long[] NO_SAMPLES = new long[0];

    /** The waits left open in a conversation that expired after its time to live. */
    public static BrandDelta abandoned(Platform platform, int waits) {
        return new BrandDelta(platform, false, false, NO_SAMPLES, NO_SAMPLES, NO_SAMPLES, new int[0], 0, 0, 0, false, waits);
    }

    public boolean outbound() {
        return !inbound;
    }
}
