package dev.rapport.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Customers waiting for an answer, per task and brand label. Keeping them per task lets a task
 * that moves to another instance take its waits along: the instances' gauges then still add up
 * to the true total. Start times are a multiset (start time to count) so the oldest is at hand.
 */
final class OpenWaits {
    private final Map<String, Map<String, TreeMap<Long, Integer>>> byTask = new HashMap<>();

    synchronized void opened(String taskId, String brand, long startedAt) {
        byTask.computeIfAbsent(taskId, t -> new HashMap<>())
                .computeIfAbsent(brand, b -> new TreeMap<>())
                .merge(startedAt, 1, Integer::sum);
    }

    synchronized void closed(String taskId, String brand, long startedAt) {
        Map<String, TreeMap<Long, Integer>> brands = byTask.get(taskId);
        TreeMap<Long, Integer> starts = brands == null ? null : brands.get(brand);
        if (starts == null) {
            return;
        }
        starts.computeIfPresent(startedAt, (at, n) -> n == 1 ? null : n - 1);
        if (starts.isEmpty()) {
            brands.remove(brand);
        }
    }

    synchronized void taskClosed(String taskId) {
        byTask.remove(taskId);
    }

    synchronized long count(String brand) {
        return countStartedBefore(brand, Long.MAX_VALUE);
    }

    /** Waits of {@code brand} that started before {@code cutoff}, over all tasks. */
    synchronized long countStartedBefore(String brand, long cutoff) {
        long n = 0;
        for (Map<String, TreeMap<Long, Integer>> brands : byTask.values()) {
            TreeMap<Long, Integer> starts = brands.get(brand);
            if (starts != null) {
                for (int c : starts.headMap(cutoff, false).values()) {
                    n += c;
                }
            }
        }
        return n;
    }

    /** Start of the oldest wait of {@code brand} over all tasks, or {@link Long#MAX_VALUE} if none. */
    synchronized long oldestStart(String brand) {
        long oldest = Long.MAX_VALUE;
        for (Map<String, TreeMap<Long, Integer>> brands : byTask.values()) {
            TreeMap<Long, Integer> starts = brands.get(brand);
            if (starts != null) {
                oldest = Math.min(oldest, starts.firstKey());
            }
        }
        return oldest;
    }
}
