package dev.rapport.prometheus;

import dev.rapport.schema.AlertType;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Brand alerts firing now, per task and brand id, as the brand-alert tasks last reported them
 * from their state store. Per task, so a task that moves takes its brands' alerts along; per
 * brand id rather than label, so brands folded into {@code brand="other"} add up instead of
 * overwriting each other. Only brands with an alert firing are held.
 */
final class FiringBrandAlerts {
    private record Firing(String label, Map<AlertType, Integer> byType) {}

    private final Map<String, Map<String, Firing>> byTask = new HashMap<>();

    /** Replaces what {@code taskId} holds for {@code brandId}; an empty map: nothing fires. */
    synchronized void report(String taskId, String brandId, String label, Map<AlertType, Integer> byType) {
        if (byType.isEmpty()) {
            Map<String, Firing> brands = byTask.get(taskId);
            if (brands != null) {
                brands.remove(brandId);
            }
            return;
        }
        byTask.computeIfAbsent(taskId, t -> new HashMap<>()).put(brandId, new Firing(label, new EnumMap<>(byType)));
    }

    synchronized void taskClosed(String taskId) {
        byTask.remove(taskId);
    }

    /** Alerts of {@code type} firing for the brands of label {@code brand}, over all tasks. */
    synchronized long count(String brand, AlertType type) {
        long n = 0;
        for (Map<String, Firing> brands : byTask.values()) {
            for (Firing firing : brands.values()) {
                if (firing.label().equals(brand)) {
                    n += firing.byType().getOrDefault(type, 0);
                }
            }
        }
        return n;
    }
}
