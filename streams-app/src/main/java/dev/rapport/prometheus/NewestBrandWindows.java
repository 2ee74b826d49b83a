package dev.rapport.prometheus;

import java.util.HashMap;
import java.util.Map;

/**
 * The newest brand window each task has reported, per brand label: what the responder gauges
 * show. Kept per task like {@link OpenWaits}, so a brand task that moves to another instance
 * takes its brands along and the instance it left stops reporting them. An update of an older
 * window (a late event within the grace) does not replace a newer one. Brands folded into
 * {@code brand="other"} share one entry: it shows whichever of them reported the newest window.
 */
final class NewestBrandWindows {
    /** The figures of one window; {@code topResponderShare} is NaN when the window has no brand messages. */
    record Window(long windowStart, long responders, double topResponderShare) {}

    private final Map<String, Map<String, Window>> byTask = new HashMap<>();

    synchronized void report(String taskId, String brand, Window window) {
        byTask.computeIfAbsent(taskId, t -> new HashMap<>())
                .merge(brand, window, (held, update) -> update.windowStart() >= held.windowStart() ? update : held);
    }

    synchronized void taskClosed(String taskId) {
        byTask.remove(taskId);
    }

    /** The newest window of {@code brand} over all tasks, or null when no task here reports it. */
    synchronized Window newest(String brand) {
        Window newest = null;
        for (Map<String, Window> brands : byTask.values()) {
            Window w = brands.get(brand);
            if (w != null && (newest == null || w.windowStart() > newest.windowStart())) {
                newest = w;
            }
        }
        return newest;
    }
}
