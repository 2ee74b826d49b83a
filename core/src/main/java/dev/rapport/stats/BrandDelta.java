package dev.rapport.stats;

import dev.rapport.schema.Platform;
import java.util.ArrayList;
import java.util.List;

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
 * @param waitResults the waits this message answered, or the clock decided unanswered
 * @param broadcastEngaged this message is the first customer reply to a broadcast
 * @param responder the author of an OUTBOUND message; null otherwise
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
        int abandonedWaits,
        List<WaitResult> waitResults,
        boolean broadcastEngaged,
        String responder) {

    private static final long[] NO_SAMPLES = new long[0];
    private static final int[] NO_LEVELS = new int[0];

    /**
     * The waits left open in a conversation that expired after its time to live; those of them
     * whose outcome was still pending are decided unanswered here ({@code undecided}).
     */
    public static BrandDelta abandoned(Platform platform, int waits, int undecided) {
        List<WaitResult> results = new ArrayList<>(undecided);
        for (int i = 0; i < undecided; i++) {
            results.add(WaitResult.unanswered(platform));
        }
        return new BrandDelta(
                platform,
                false,
                false,
                NO_SAMPLES,
                NO_SAMPLES,
                NO_SAMPLES,
                NO_LEVELS,
                0,
                0,
                0,
                false,
                waits,
                results,
                false,
                null);
    }

    /** A wait the clock decided unanswered: not a message, counted in the window of its horizon. */
    public static BrandDelta unanswered(Platform waitPlatform) {
        return new BrandDelta(
                waitPlatform,
                false,
                false,
                NO_SAMPLES,
                NO_SAMPLES,
                NO_SAMPLES,
                NO_LEVELS,
                0,
                0,
                0,
                false,
                0,
                List.of(WaitResult.unanswered(waitPlatform)),
                false,
                null);
    }

    public boolean outbound() {
        return !inbound;
    }
}
