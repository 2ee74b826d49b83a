package dev.rapport.alert;

import dev.rapport.schema.Platform;

/**
 * One brand condition measured on one window: the value, the threshold it is judged against, and
 * on which side of it trouble lies. Hysteresis makes "clears" stricter than "not breaching", so
 * a value hovering around the threshold does not fire and resolve on alternate windows.
 *
 * @param platform the platform the reading is about, or null for the whole brand
 * @param detail one line for humans on what was measured
 */
public record Reading(Platform platform, double observed, double threshold, Side troubleSide, String detail) {

    /** Which side of the threshold is the alert condition. */
    public enum Side {
        ABOVE,
        BELOW
    }

    public boolean breaches() {
        return troubleSide == Side.ABOVE ? observed > threshold : observed < threshold;
    }

    public boolean clears(double hysteresis) {
        return troubleSide == Side.ABOVE
                ? observed < threshold * (1 - hysteresis)
                : observed > threshold * (1 + hysteresis);
    }
}
