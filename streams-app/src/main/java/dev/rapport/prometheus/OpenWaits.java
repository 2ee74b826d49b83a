package dev.rapport.prometheus;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Customers waiting for an answer, per task and brand label. Keeping them per task lets a task
 * that moves to another instance take its waits along: the instances' gauges then still add up
 * to the true total. Start times and breach deadlines are multisets (instant to count) so the
 * oldest wait and the waits past their deadline are at hand. Each wait brings its own deadline
 * because brands have their own SLA and business hours: a wait breaches at its brand's deadline,
 * not at start + the configured SLA.
 */
final class OpenWaits {
    private final Map<String, Map<String, Waits>> byTask = new HashMap<>();

    /** The open waits of one brand label in one task. */
    private static final class Waits {
        final TreeMap<Long, Integer> starts = new TreeMap<>();
        final TreeMap<Long, Integer> breachDeadlines = new TreeMap<>();

        boolean isEmpty() {
            return starts.isEmpty() && breachDeadlines.isEmpty();
        }
    }

    synchronized void opened(String taskId, String brand, long startedAt, long breachAt) {
        Waits waits = byTask.computeIfAbsent(taskId, t -> new HashMap<>()).computeIfAbsent(brand, b -> new Waits());
        waits.starts.merge(startedAt, 1, Integer::sum);
        waits.breachDeadlines.merge(breachAt, 1, Integer::sum);
    }

    synchronized void closed(String taskId, String brand, long startedAt, long breachAt) {
        Map<String, Waits> brands = byTask.get(taskId);
        Waits waits = brands == null ? null : brands.get(brand);
        if (waits == null) {
            return;
        }
        waits.starts.computeIfPresent(startedAt, (at, n) -> n == 1 ? null : n - 1);
        waits.breachDeadlines.computeIfPresent(breachAt, (at, n) -> n == 1 ? null : n - 1);
        if (waits.isEmpty()) {
            brands.remove(brand);
        }
    }

    synchronized void taskClosed(String taskId) {
        byTask.remove(taskId);
    }

    /** Waits of {@code brand} over all tasks. */
    synchronized long count(String brand) {
        long n = 0;
        for (Map<String, Waits> brands : byTask.values()) {
            Waits waits = brands.get(brand);
            if (waits != null) {
                n += sum(waits.starts.values());
            }
        }
        return n;
    }

    /**
     * Waits of {@code brand}, over all tasks, whose breach deadline is before {@code now}: a wait
     * breaches when it lasts longer than its SLA, so one exactly at its deadline has not.
     */
    synchronized long countBreachedBefore(String brand, long now) {
        long n = 0;
        for (Map<String, Waits> brands : byTask.values()) {
            Waits waits = brands.get(brand);
            if (waits != null) {
                n += sum(waits.breachDeadlines.headMap(now, false).values());
            }
        }
        return n;
    }

    /** Start of the oldest wait of {@code brand} over all tasks, or {@link Long#MAX_VALUE} if none. */
    synchronized long oldestStart(String brand) {
        long oldest = Long.MAX_VALUE;
        for (Map<String, Waits> brands : byTask.values()) {
            Waits waits = brands.get(brand);
            if (waits != null && !waits.starts.isEmpty()) {
                oldest = Math.min(oldest, waits.starts.firstKey());
            }
        }
        return oldest;
    }

    private static long sum(Iterable<Integer> counts) {
        long n = 0;
        for (int c : counts) {
            n += c;
        }
        return n;
    }
}
