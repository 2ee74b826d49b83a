package dev.rapport.stats;

import dev.rapport.schema.Platform;
import java.util.List;

/**
 * One brand window with every field of the accumulator set, built from explicit deltas (no random
 * numbers), for the tests that pin the bytes of the window store and the repartition topic.
 */
final class SampleAccumulator {
    private static final long[] NONE = new long[0];
    private static final int[] NO_LEVELS = new int[0];

    private SampleAccumulator() {}

    static BrandWindowAccumulator build() {
        BrandWindowAccumulator acc = new BrandWindowAccumulator();
        // A customer opens a wait on Twitter and another on Instagram, the latter a first reply to a broadcast.
        acc.add(new BrandDelta(
                Platform.TWITTER,
                true,
                false,
                NONE,
                NONE,
                NONE,
                new int[] {1},
                0,
                1,
                0,
                true,
                0,
                List.of(),
                false,
                null));
        acc.add(new BrandDelta(
                Platform.INSTAGRAM, true, false, NONE, NONE, NONE, NO_LEVELS, 0, 1, 0, true, 0, List.of(), true, null));
        // The brand answers two Twitter waits within the SLA (one first answer), in business time too.
        acc.add(new BrandDelta(
                Platform.TWITTER,
                false,
                false,
                new long[] {90_000, 0},
                new long[] {90_000},
                new long[] {60_000, 0},
                new int[] {2},
                0,
                0,
                2,
                true,
                0,
                List.of(
                        new WaitResult(
                                Platform.TWITTER, WaitResult.Outcome.ANSWERED_IN_TIME, 90_000, true, false, true),
                        new WaitResult(Platform.TWITTER, WaitResult.Outcome.ANSWERED_IN_TIME, 0, true, false, false)),
                false,
                "agent-ü"));
        // ... answers the Instagram wait on Facebook, late, and one answer timed before its question.
        acc.add(new BrandDelta(
                Platform.FACEBOOK,
                false,
                false,
                new long[] {7_300_000},
                NONE,
                NONE,
                new int[] {3},
                1,
                0,
                1,
                true,
                0,
                List.of(new WaitResult(
                        Platform.INSTAGRAM, WaitResult.Outcome.ANSWERED_IN_TIME, 7_300_000, false, true, false)),
                false,
                "agent-ü"));
        // ... and broadcasts.
        acc.add(new BrandDelta(
                Platform.TWITTER,
                false,
                true,
                NONE,
                NONE,
                NONE,
                NO_LEVELS,
                0,
                0,
                0,
                true,
                0,
                List.of(),
                false,
                "agent-ü"));
        acc.add(BrandDelta.unanswered(Platform.EMAIL));
        acc.add(BrandDelta.abandoned(Platform.WHATSAPP, 2, 1));
        return acc;
    }
}
