package dev.rapport.conversation;

import dev.rapport.conversation.ConversationState.Wait;
import dev.rapport.policy.SlaTerms;
import dev.rapport.schema.AlertStatus;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.schema.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The FIRING record of an alert about one customer's wait. It is the same whether a late answer
 * or the clock shows the condition: detected when the wait reached {@code thresholdMs} (at
 * {@code detectedAt}: later than start + threshold when business hours pause the SLA clock), having
 * waited exactly that long, which keeps the output independent of how input is spread over partitions.
 */
final class WaitAlert {
    private WaitAlert() {}

    static String alertId(AlertType type, String brandId, String conversationId, String waitEventId) {
        return type + ":" + brandId + ":" + conversationId + ":" + waitEventId;
    }

    static EngagementAlert firing(
            AlertType type,
            Severity severity,
            String brandId,
            String conversationId,
            Wait wait,
            long thresholdMs,
            long detectedAt,
            long emittedAt,
            String message,
            Map<String, String> labels) {
        double thresholdSeconds = thresholdMs / 1000.0;
        return EngagementAlert.newBuilder()
                .setAlertId(alertId(type, brandId, conversationId, wait.eventId()))
                .setType(type)
                .setStatus(AlertStatus.FIRING)
                .setSeverity(severity)
                .setBrandId(brandId)
                .setConversationId(conversationId)
                .setEventId(wait.eventId())
                .setPlatform(wait.platform())
                .setWindowStart(null)
                .setWindowEnd(null)
                .setObservedValue(thresholdSeconds)
                .setThreshold(thresholdSeconds)
                .setDetectedAt(Instant.ofEpochMilli(detectedAt))
                .setEmittedAt(Instant.ofEpochMilli(emittedAt))
                .setMessage(message)
                .setLabels(labels)
                .build();
    }

    /** The labels every wait alert carries: the SLA it was held to and which clock counted it. */
    static Map<String, String> labels(SlaTerms terms) {
        Map<String, String> labels = new TreeMap<>();
        labels.put("sla", Duration.ofMillis(terms.slaMs()).toString());
        labels.put("slaClock", terms.businessTime() ? "business" : "calendar");
        return labels;
    }

    static String clock(SlaTerms terms) {
        return terms.businessTime() ? " business-time" : "";
    }
}
