package dev.rapport.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.schema.BrandWindowStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrandBoardTest {
    private static final Instant TEN = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final Duration GRACE = Duration.ofMinutes(5);

    @Test
    void responseRateIsTheLatestClosedWindowsNotTheOpenOnes() {
        BrandBoard board = new BrandBoard(GRACE);
        add(board, "shop", 0, 8, 2);
        add(board, "shop", 5, 1, 3);
        add(board, "shop", 10, 0, 1);
        // 10:10 seen: the 10:00 window (end 10:05 + grace) is closed, the 10:05 window is not.
        assertThat(board.lines().get("shop").responseRate()).isEqualTo(0.8);

        add(board, "shop", 15, 5, 0);
        assertThat(board.lines().get("shop").responseRate()).isEqualTo(0.25);
    }

    @Test
    void aLaterValueOfAClosedWindowReplacesTheEarlierOne() {
        BrandBoard board = new BrandBoard(GRACE);
        add(board, "shop", 0, 8, 2);
        add(board, "shop", 10, 0, 0);
        add(board, "shop", 0, 8, 8);
        assertThat(board.lines().get("shop").responseRate()).isEqualTo(0.5);
    }

    @Test
    void noRateBeforeAWindowClosesOrWhenItDecidedNoWait() {
        BrandBoard board = new BrandBoard(GRACE);
        add(board, "shop", 0, 8, 2);
        add(board, "shop", 5, 3, 1);
        assertThat(board.lines().get("shop").responseRate()).isNull();

        add(board, "quiet", 0, 0, 0);
        add(board, "quiet", 10, 4, 0);
        assertThat(board.lines().get("quiet").responseRate()).isNull();
    }

    /** Another brand's traffic may run on a task further ahead in event time than this brand's. */
    @Test
    void onlyTheBrandsOwnWindowsCloseItsWindows() {
        BrandBoard board = new BrandBoard(GRACE);
        add(board, "shop", 0, 8, 2);
        add(board, "busy", 30, 1, 0);
        assertThat(board.lines().get("shop").responseRate()).isNull();
    }

    private static void add(BrandBoard board, String brand, int startMinute, long answeredInTime, long unanswered) {
        Instant start = TEN.plus(Duration.ofMinutes(startMinute));
        long decided = answeredInTime + unanswered;
        board.stats(
                brand + "@" + start.toEpochMilli(),
                BrandWindowStats.newBuilder()
                        .setBrandId(brand)
                        .setWindowStart(start)
                        .setWindowEnd(start.plus(WINDOW))
                        .setInbound(decided)
                        .setOutbound(answeredInTime)
                        .setBroadcasts(0)
                        .setResponses(answeredInTime)
                        .setFirstResponses(answeredInTime)
                        .setDepthReached(Map.of())
                        .setAnsweredInTime(answeredInTime)
                        .setUnanswered(unanswered)
                        .setResponseRate(decided == 0 ? null : (double) answeredInTime / decided)
                        .build());
    }
}
