package dev.rapport.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The queue hands over exactly the entries due, earliest first, as a sorted list would. */
class SlotTimeQueueTest {
    private record Entry(long time, int ref) {}

    @Test
    void takesWhatASortedListWouldAfterRandomAddsTakesAndRemaps() {
        Random random = new Random(17);
        SlotTimeQueue queue = new SlotTimeQueue();
        List<Entry> expected = new ArrayList<>();
        long now = 1_000;
        for (int round = 0; round < 20_000; round++) {
            int adds = random.nextInt(random.nextInt(50) == 0 ? 2_000 : 4);
            for (int i = 0; i < adds; i++) {
                Entry entry = new Entry(now + random.nextInt(500) - 20, random.nextInt(1_000));
                queue.add(entry.time(), entry.ref());
                expected.add(entry);
            }
            if (random.nextInt(500) == 0) {
                // A rehash: every reference moves, the odd ones are gone.
                queue.remap(ref -> ref % 2 == 1 ? -1 : ref + 1);
                expected.replaceAll(e -> new Entry(e.time(), e.ref() % 2 == 1 ? -1 : e.ref() + 1));
                expected.removeIf(e -> e.ref() < 0);
            }
            now += random.nextInt(5);
            long upTo = now;
            List<Entry> taken = new ArrayList<>();
            long[] last = {Long.MIN_VALUE};
            queue.takeUpTo(upTo, (time, ref) -> {
                assertThat(time).isGreaterThanOrEqualTo(last[0]);
                last[0] = time;
                taken.add(new Entry(time, ref));
            });
            List<Entry> due = new ArrayList<>(
                    expected.stream().filter(e -> e.time() <= upTo).toList());
            expected.removeIf(e -> e.time() <= upTo);
            Comparator<Entry> order = Comparator.comparingLong(Entry::time).thenComparingInt(Entry::ref);
            taken.sort(order);
            due.sort(order);
            assertThat(taken).isEqualTo(due);
            assertThat(queue.size()).isEqualTo(expected.size());
            assertThat(queue.earliest())
                    .isEqualTo(expected.stream().mapToLong(Entry::time).min().orElse(Long.MAX_VALUE));
        }
    }

    @Test
    void anEmptyQueueTakesNothingAndGivesItsMemoryBackAfterAWave() {
        SlotTimeQueue queue = new SlotTimeQueue();
        queue.takeUpTo(Long.MAX_VALUE, (time, ref) -> {
            throw new AssertionError("nothing is queued");
        });
        for (int i = 0; i < 100_000; i++) {
            queue.add(i, i);
        }
        int[] taken = {0};
        queue.takeUpTo(99_989, (time, ref) -> taken[0]++);
        assertThat(taken[0]).isEqualTo(99_990);
        assertThat(queue.size()).isEqualTo(10);
        assertThat(queue.earliest()).isEqualTo(99_990);
    }
}
