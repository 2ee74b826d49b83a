package dev.rapport.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.schema.BrandWindowStats;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The map-side combine: sums per (brand, window) that, merged downstream in any grouping, give
 * the window exactly what adding the deltas one by one gives.
 */
class BrandDeltaSumsTest {
    private static final long WINDOW = 60_000;

    private record Sent(String brand, long windowStart, BrandWindowAccumulator sum, long timestamp, String context) {}

    private final List<Sent> sent = new ArrayList<>();

    private BrandDeltaSums<String> sums(int bound) {
        return new BrandDeltaSums<>(
                WINDOW,
                bound,
                (brand, start, sum, timestamp, context) -> sent.add(new Sent(brand, start, sum, timestamp, context)));
    }

    @Test
    void deltasOfOneBrandAndWindowBecomeOneSumWithTheLargestTimeAndTheLastContext() {
        BrandDeltaSums<String> sums = sums(10);
        SplittableRandom random = new SplittableRandom(1);
        BrandWindowAccumulator expected = new BrandWindowAccumulator();
        for (long at : new long[] {120_500, 179_999, 120_000, 150_000}) {
            BrandDelta delta = RandomDeltas.next(random);
            expected.add(delta);
            sums.add("acme", at, delta, "record@" + at);
        }
        assertThat(sent).isEmpty();
        assertThat(sums.size()).isOne();

        sums.drain();

        assertThat(sent).singleElement().satisfies(s -> {
            assertThat(s.brand()).isEqualTo("acme");
            assertThat(s.windowStart()).isEqualTo(120_000);
            assertThat(s.timestamp()).isEqualTo(179_999);
            assertThat(s.context()).isEqualTo("record@150000");
            assertThat(stats(s.sum())).isEqualTo(stats(expected));
        });
        assertThat(sums.size()).isZero();
    }

    @Test
    void brandsAndWindowsAreSummedApartAndSentLeastRecentlyUpdatedFirst() {
        BrandDeltaSums<String> sums = sums(10);
        SplittableRandom random = new SplittableRandom(2);
        sums.add("acme", 61_000, RandomDeltas.next(random), "a");
        sums.add("globex", 62_000, RandomDeltas.next(random), "b");
        sums.add("acme", 119_999, RandomDeltas.next(random), "c");
        sums.add("acme", 120_000, RandomDeltas.next(random), "d");
        sums.add("globex", 70_000, RandomDeltas.next(random), "e");

        sums.drain();

        assertThat(sent)
                .extracting(s -> s.brand() + "@" + s.windowStart())
                .containsExactly("acme@60000", "acme@120000", "globex@60000");
    }

    @Test
    void beyondTheBoundTheLeastRecentlyUpdatedSumIsSentEarly() {
        BrandDeltaSums<String> sums = sums(2);
        SplittableRandom random = new SplittableRandom(3);
        sums.add("a", 0, RandomDeltas.next(random), "1");
        sums.add("b", 0, RandomDeltas.next(random), "2");
        sums.add("a", 1, RandomDeltas.next(random), "3");
        assertThat(sent).isEmpty();

        sums.add("c", 0, RandomDeltas.next(random), "4");

        assertThat(sent).extracting(Sent::brand).containsExactly("b");
        assertThat(sums.size()).isEqualTo(2);
    }

    @Test
    void clearDropsEverySumUnsent() {
        BrandDeltaSums<String> sums = sums(10);
        sums.add("a", 0, RandomDeltas.next(new SplittableRandom(4)), "1");
        sums.clear();
        sums.drain();
        assertThat(sent).isEmpty();
    }

    @Test
    void sumsMergedInAnyGroupingGiveTheWindowOfTheDeltasAddedOneByOne() {
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 200; round++) {
            BrandWindowAccumulator oneByOne = new BrandWindowAccumulator();
            BrandWindowAccumulator merged = new BrandWindowAccumulator();
            BrandDeltaSums<String> sums = new BrandDeltaSums<>(
                    WINDOW, 1_000, (brand, start, sum, timestamp, context) -> merged.merge(viaTopic(sum)));
            for (int i = random.nextInt(1, 400); i > 0; i--) {
                BrandDelta delta = RandomDeltas.next(random);
                oneByOne.add(delta);
                sums.add("acme", random.nextLong(WINDOW), delta, null);
                if (random.nextInt(30) == 0) {
                    sums.drain();
                }
            }
            sums.drain();
            assertThat(stats(merged)).isEqualTo(stats(oneByOne));
            // The store merges into windows read back from its changelog, whose sketches stay encoded.
            BrandWindowAccumulator stored =
                    BrandWindowAccumulatorSerde.decode(BrandWindowAccumulatorSerde.encode(oneByOne));
            BrandWindowAccumulator extra = new BrandWindowAccumulator().add(RandomDeltas.next(random));
            assertThat(stats(stored.merge(viaTopic(extra)))).isEqualTo(stats(oneByOne.merge(extra)));
        }
    }

    @Test
    void rejectsANonPositiveWindowOrBound() {
        assertThatThrownBy(() -> new BrandDeltaSums<String>(0, 1, (b, s, sum, t, c) -> {}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BrandDeltaSums<String>(WINDOW, 0, (b, s, sum, t, c) -> {}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static BrandWindowAccumulator viaTopic(BrandWindowAccumulator sum) {
        return BrandDeltaSumSerde.decode(BrandDeltaSumSerde.encode(sum));
    }

    private static BrandWindowStats stats(BrandWindowAccumulator acc) {
        return acc.toStats("acme", 0, WINDOW);
    }
}
