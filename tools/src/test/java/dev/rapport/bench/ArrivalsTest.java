package dev.rapport.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArrivalsTest {
    private static Arrivals of(long... nanos) {
        Arrivals arrivals = new Arrivals();
        for (long at : nanos) {
            arrivals.add(at);
        }
        return arrivals;
    }

    @Test
    void theLongestGapMayStartAtTheLastArrivalBeforeTheSpan() {
        Arrivals arrivals = of(10, 20, 30, 95, 100, 110);
        // Silent from 30 (before the span opens at 50) until 95.
        assertThat(arrivals.longestGap(50, 120)).containsExactly(30, 95);
    }

    @Test
    void aSilenceUntilTheEndOfTheSpanCounts() {
        Arrivals arrivals = of(10, 20, 30, 40);
        assertThat(arrivals.longestGap(35, 200)).containsExactly(40, 200);
    }

    @Test
    void arrivalsAfterTheSpanDoNotCount() {
        Arrivals arrivals = of(0, 10, 20, 500);
        assertThat(arrivals.longestGap(5, 100)).containsExactly(20, 100);
    }

    @Test
    void withoutArrivalsTheWholeSpanIsSilent() {
        assertThat(new Arrivals().longestGap(5, 100)).containsExactly(5, 100);
    }

    @Test
    void growsBeyondItsFirstArray() {
        Arrivals arrivals = new Arrivals();
        for (long at = 0; at < 5000; at++) {
            arrivals.add(at * 10);
        }
        arrivals.add(60_000);
        assertThat(arrivals.size()).isEqualTo(5001);
        assertThat(arrivals.longestGap(0, 60_000)).containsExactly(49_990, 60_000);
        assertThat(arrivals.firstAfter(49_990)).isEqualTo(60_000);
        assertThat(arrivals.firstAfter(60_000)).isEqualTo(-1);
    }
}
