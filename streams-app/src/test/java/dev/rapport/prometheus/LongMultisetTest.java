package dev.rapport.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LongMultisetTest {

    @Test
    void countsEachOccurrenceAndAnswersOnlyForWhatIsThere() {
        LongMultiset set = new LongMultiset();
        assertThat(set.isEmpty()).isTrue();
        assertThat(set.min()).isEqualTo(Long.MAX_VALUE);
        set.add(5);
        set.add(5);
        set.add(-3);
        set.add(Long.MIN_VALUE);
        assertThat(set.size()).isEqualTo(4);
        assertThat(set.min()).isEqualTo(Long.MIN_VALUE);
        assertThat(set.countBelow(5)).isEqualTo(2);
        assertThat(set.countBelow(6)).isEqualTo(4);
        assertThat(set.remove(7)).isFalse();
        assertThat(set.remove(5)).isTrue();
        assertThat(set.countBelow(6)).isEqualTo(3);
        assertThat(set.remove(Long.MIN_VALUE)).isTrue();
        assertThat(set.min()).isEqualTo(-3);
        assertThat(set.remove(5)).isTrue();
        assertThat(set.remove(5)).isFalse();
        assertThat(set.remove(-3)).isTrue();
        assertThat(set.isEmpty()).isTrue();
        assertThat(set.min()).isEqualTo(Long.MAX_VALUE);
    }

    /**
     * Random additions and removals of timestamps that repeat and cluster, as waits' starts do,
     * through growth, removals that close probe runs, and shrinking, checked against a sorted map.
     */
    @Test
    void agreesWithASortedMapThroughGrowthAndShrinking() {
        Random random = new Random(42);
        LongMultiset set = new LongMultiset();
        TreeMap<Long, Integer> reference = new TreeMap<>();
        for (int round = 0; round < 6; round++) {
            int additions = 20_000 >> round;
            for (int i = 0; i < additions; i++) {
                long value = 1_700_000_000_000L + random.nextInt(5_000 >> round) * (round % 2 == 0 ? 1 : 4096);
                set.add(value);
                reference.merge(value, 1, Integer::sum);
            }
            // Remove most of them, present or not, so the table shrinks and its runs are closed up.
            for (int i = 0; i < additions * 1.2; i++) {
                long value = 1_700_000_000_000L + random.nextInt(5_000 >> round) * (round % 2 == 0 ? 1 : 4096);
                boolean present = reference.containsKey(value);
                assertThat(set.remove(value)).isEqualTo(present);
                if (present) {
                    reference.computeIfPresent(value, (v, n) -> n == 1 ? null : n - 1);
                }
            }
            assertSame(set, reference, random);
        }
        for (Map.Entry<Long, Integer> e : Map.copyOf(reference).entrySet()) {
            for (int n = 0; n < e.getValue(); n++) {
                assertThat(set.remove(e.getKey())).isTrue();
            }
        }
        assertThat(set.isEmpty()).isTrue();
        assertThat(set.countBelow(Long.MAX_VALUE)).isZero();
    }

    private static void assertSame(LongMultiset set, TreeMap<Long, Integer> reference, Random random) {
        long size = reference.values().stream().mapToLong(Integer::longValue).sum();
        assertThat(set.size()).isEqualTo(size);
        assertThat(set.min()).isEqualTo(reference.isEmpty() ? Long.MAX_VALUE : reference.firstKey());
        for (int i = 0; i < 50; i++) {
            long bound = 1_700_000_000_000L + random.nextInt(5_000 * 4096);
            long below = reference.headMap(bound, false).values().stream()
                    .mapToLong(Integer::longValue)
                    .sum();
            assertThat(set.countBelow(bound)).isEqualTo(below);
        }
    }
}
