package dev.rapport.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Counts per level as a sorted map of them would hold them, whatever the level. */
class DepthCountsTest {
    @Test
    void countsAddUpPerLevelAndComeOutLowestLevelFirst() {
        DepthCounts counts = new DepthCounts();
        TreeMap<Integer, Long> expected = new TreeMap<>();
        Random random = new Random(17);
        int[] levels = {-5, -1, 0, 1, 2, 3, 40, 200, DepthCounts.ARRAY_LEVELS - 1, DepthCounts.ARRAY_LEVELS, 1 << 20};
        for (int i = 0; i < 5_000; i++) {
            int level = random.nextInt(4) == 0 ? levels[random.nextInt(levels.length)] : 1 + random.nextInt(12);
            long count = random.nextInt(3);
            counts.add(level, count);
            expected.merge(level, count, Long::sum);
        }

        assertThat(entries(counts))
                .containsExactlyElementsOf(expected.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .toList());
        assertThat(counts.size()).isEqualTo(expected.size());
    }

    @Test
    void aLevelAddedWithZeroIsPresent() {
        DepthCounts counts = new DepthCounts();
        counts.add(7, 0);
        counts.add(-2, 0);

        assertThat(entries(counts)).containsExactly("-2=0", "7=0");
        assertThat(counts.size()).isEqualTo(2);
    }

    @Test
    void addAllSumsTheOthersLevels() {
        DepthCounts one = new DepthCounts();
        one.add(1, 2);
        one.add(5000, 1);
        DepthCounts other = new DepthCounts();
        other.add(1, 3);
        other.add(2, 1);
        other.add(5000, 4);

        one.addAll(other);

        assertThat(entries(one)).containsExactly("1=5", "2=1", "5000=5");
    }

    private static List<String> entries(DepthCounts counts) {
        List<String> entries = new ArrayList<>();
        counts.forEach((level, count) -> entries.add(level + "=" + count));
        return entries;
    }
}
