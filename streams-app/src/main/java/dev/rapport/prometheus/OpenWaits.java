package dev.rapport.prometheus;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Customers waiting for an answer, per task and brand label. Keeping them per task lets a task
 * that moves to another instance take its waits along: the instances' gauges then still add up
 * to the true total. Start times and breach deadlines are multisets (constant time to add or
 * remove) so the oldest wait and the waits past their deadline are at hand when Prometheus
 * scrapes. Each wait brings its own deadline because brands have their own SLA and business hours:
 * a wait breaches at its brand's deadline, not at start + the configured SLA.
 *
 * <p>Each task's waits have a lock of their own: a task runs on one stream thread at a time, so
 * its lock is contended only by a scrape, not by the other stream threads. A task start reports
 * every restored wait at once, on each thread that starts tasks.
 */
final class OpenWaits {
    private final Map<String, TaskWaits> byTask = new ConcurrentHashMap<>();

    /** The open waits of one task, by brand label; guarded by itself. */
    private static final class TaskWaits {
        final Map<String, Waits> byBrand = new HashMap<>();
    }

    /** The open waits of one brand label in one task. */
    private static final class Waits {
        final LongMultiset starts = new LongMultiset();
        final LongMultiset breachDeadlines = new LongMultiset();

        boolean isEmpty() {
            return starts.isEmpty() && breachDeadlines.isEmpty();
        }
    }

    void opened(String taskId, String brand, long startedAt, long breachAt) {
        TaskWaits task = byTask.computeIfAbsent(taskId, t -> new TaskWaits());
        synchronized (task) {
            Waits waits = task.byBrand.computeIfAbsent(brand, b -> new Waits());
            waits.starts.add(startedAt);
            waits.breachDeadlines.add(breachAt);
        }
    }

    void closed(String taskId, String brand, long startedAt, long breachAt) {
        TaskWaits task = byTask.get(taskId);
        if (task == null) {
            return;
        }
        synchronized (task) {
            Waits waits = task.byBrand.get(brand);
            if (waits == null) {
                return;
            }
            waits.starts.remove(startedAt);
            waits.breachDeadlines.remove(breachAt);
            if (waits.isEmpty()) {
                task.byBrand.remove(brand);
            }
        }
    }

    void taskClosed(String taskId) {
        byTask.remove(taskId);
    }

    /** Waits of {@code brand} over all tasks. */
    long count(String brand) {
        long n = 0;
        for (TaskWaits task : byTask.values()) {
            synchronized (task) {
                Waits waits = task.byBrand.get(brand);
                if (waits != null) {
                    n += waits.starts.size();
                }
            }
        }
        return n;
    }

    /**
     * Waits of {@code brand}, over all tasks, whose breach deadline is before {@code now}: a wait
     * breaches when it lasts longer than its SLA, so one exactly at its deadline has not.
     */
    long countBreachedBefore(String brand, long now) {
        long n = 0;
        for (TaskWaits task : byTask.values()) {
            synchronized (task) {
                Waits waits = task.byBrand.get(brand);
                if (waits != null) {
                    n += waits.breachDeadlines.countBelow(now);
                }
            }
        }
        return n;
    }

    /** Start of the oldest wait of {@code brand} over all tasks, or {@link Long#MAX_VALUE} if none. */
    long oldestStart(String brand) {
        long oldest = Long.MAX_VALUE;
        for (TaskWaits task : byTask.values()) {
            synchronized (task) {
                Waits waits = task.byBrand.get(brand);
                if (waits != null) {
                    oldest = Math.min(oldest, waits.starts.min());
                }
            }
        }
        return oldest;
    }
}
