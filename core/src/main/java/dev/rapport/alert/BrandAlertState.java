package dev.rapport.alert;

import dev.rapport.schema.AlertType;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the brand-alert evaluation remembers per brand, in a state store: the next window to
 * evaluate, the engagement baseline, and the alerts firing now. The firing map is the alert state
 * that keeps each alert to one FIRING and one RESOLVED record, whatever is delivered twice.
 */
public final class BrandAlertState {

    /** An alert firing now: its id and the window it fired in. */
    public record Firing(String alertId, long firedInWindowStart) {}

    long nextWindowStart;
    double baseline;
    int baselineWindows;
    /** Firing alerts by condition key (type, or type:platform). */
    final TreeMap<String, Firing> firing;

    public BrandAlertState(long firstWindowStart) {
        this(firstWindowStart, 0, 0, new TreeMap<>());
    }

    BrandAlertState(long nextWindowStart, double baseline, int baselineWindows, TreeMap<String, Firing> firing) {
        this.nextWindowStart = nextWindowStart;
        this.baseline = baseline;
        this.baselineWindows = baselineWindows;
        this.firing = firing;
    }

    /** Start of the earliest window not evaluated yet. */
    public long nextWindowStart() {
        return nextWindowStart;
    }

    /** A window of this brand earlier than any seen so far showed up before the first one closed. */
    public void startFrom(long windowStart) {
        nextWindowStart = Math.min(nextWindowStart, windowStart);
    }

    /** EWMA of conversations reaching depth 3 per window, over the windows evaluated so far. */
    public double baseline() {
        return baseline;
    }

    public int baselineWindows() {
        return baselineWindows;
    }

    /**
     * The alerts firing now, counted by type (several for a type that fires per platform). A key
     * naming a type this release does not know counts as {@link AlertType#UNKNOWN}.
     */
    public Map<AlertType, Integer> firingByType() {
        Map<AlertType, Integer> byType = new EnumMap<>(AlertType.class);
        for (String key : firing.keySet()) {
            int platform = key.indexOf(':');
            byType.merge(typeNamed(platform < 0 ? key : key.substring(0, platform)), 1, Integer::sum);
        }
        return byType;
    }

    private static AlertType typeNamed(String name) {
        for (AlertType type : AlertType.values()) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        return AlertType.UNKNOWN;
    }
}
