package dev.rapport.alert;

import dev.rapport.schema.AlertStatus;
import dev.rapport.schema.EngagementAlert;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The RESOLVED record of an alert: the FIRING record's identity (alertId, type, severity, brand,
 * conversation, wait, platform) with the value that ended it, so a subscriber can close the alert
 * from the RESOLVED record alone.
 */
public final class Resolution {
    /** Label naming why the alert resolved. */
    public static final String REASON_LABEL = "resolution";

    private Resolution() {}

    public static EngagementAlert of(
            EngagementAlert firing,
            double observedValue,
            long detectedAt,
            long emittedAt,
            String reason,
            String message) {
        Map<String, String> labels = new TreeMap<>(firing.getLabels());
        labels.put(REASON_LABEL, reason);
        return EngagementAlert.newBuilder(firing)
                .setStatus(AlertStatus.RESOLVED)
                .setObservedValue(observedValue)
                .setDetectedAt(Instant.ofEpochMilli(detectedAt))
                .setEmittedAt(Instant.ofEpochMilli(emittedAt))
                .setMessage(message)
                .setLabels(labels)
                .build();
    }
}
