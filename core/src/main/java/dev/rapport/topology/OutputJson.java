package dev.rapport.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.EngagementAlert;
import java.time.Instant;
import java.util.TreeMap;

/** The JSON shapes of replay output: exactly the fields docs/metrics.md and docs/alerts.md document, times in epoch ms. */
public final class OutputJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OutputJson() {}

    public static ObjectNode stats(BrandWindowStats s) {
        ObjectNode node = MAPPER.createObjectNode()
                .put("brandId", s.getBrandId())
                .put("windowStart", s.getWindowStart().toEpochMilli())
                .put("windowEnd", s.getWindowEnd().toEpochMilli())
                .put("inbound", s.getInbound())
                .put("outbound", s.getOutbound())
                .put("broadcasts", s.getBroadcasts())
                .put("responses", s.getResponses())
                .put("responseLatencyP50Ms", s.getResponseLatencyP50Ms())
                .put("responseLatencyP90Ms", s.getResponseLatencyP90Ms())
                .put("responseLatencyP99Ms", s.getResponseLatencyP99Ms())
                .put("responseLatencyMaxMs", s.getResponseLatencyMaxMs())
                .put("firstResponses", s.getFirstResponses())
                .put("firstResponseP50Ms", s.getFirstResponseP50Ms())
                .put("firstResponseP90Ms", s.getFirstResponseP90Ms());
        ObjectNode depth = node.putObject("depthReached");
        s.getDepthReached().entrySet().stream()
                .sorted((a, b) -> Integer.compare(Integer.parseInt(a.getKey()), Integer.parseInt(b.getKey())))
                .forEach(e -> depth.put(e.getKey(), e.getValue()));
        node.put("answeredInTime", s.getAnsweredInTime())
                .put("unanswered", s.getUnanswered())
                .put("answeredWithinSla", s.getAnsweredWithinSla())
                .put("responseRate", s.getResponseRate())
                .put("slaAttainment", s.getSlaAttainment())
                .put("broadcastsEngaged", s.getBroadcastsEngaged())
                .put("responders", s.getResponders())
                .put("topResponderShare", s.getTopResponderShare())
                .put("answeredOnOtherPlatform", s.getAnsweredOnOtherPlatform());
        ObjectNode platforms = node.putObject("byPlatform");
        new TreeMap<>(s.getByPlatform())
                .forEach((platform, p) -> platforms
                        .putObject(platform)
                        .put("inbound", p.getInbound())
                        .put("outbound", p.getOutbound())
                        .put("responses", p.getResponses())
                        .put("answeredInTime", p.getAnsweredInTime())
                        .put("unanswered", p.getUnanswered())
                        .put("answeredWithinSla", p.getAnsweredWithinSla())
                        .put("responseLatencyP50Ms", p.getResponseLatencyP50Ms())
                        .put("responseLatencyP90Ms", p.getResponseLatencyP90Ms()));
        return node;
    }

    public static ObjectNode alert(EngagementAlert a) {
        ObjectNode node = MAPPER.createObjectNode()
                .put("alertId", a.getAlertId())
                .put("type", a.getType().name())
                .put("status", a.getStatus().name())
                .put("severity", a.getSeverity().name())
                .put("brandId", a.getBrandId())
                .put("conversationId", a.getConversationId())
                .put("eventId", a.getEventId())
                .put(
                        "platform",
                        a.getPlatform() == null ? null : a.getPlatform().name())
                .put("windowStart", epochMillis(a.getWindowStart()))
                .put("windowEnd", epochMillis(a.getWindowEnd()))
                .put("observedValue", a.getObservedValue())
                .put("threshold", a.getThreshold())
                .put("detectedAt", a.getDetectedAt().toEpochMilli())
                .put("emittedAt", a.getEmittedAt().toEpochMilli())
                .put("message", a.getMessage());
        ObjectNode labels = node.putObject("labels");
        new TreeMap<>(a.getLabels()).forEach(labels::put);
        return node;
    }

    public static String line(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Long epochMillis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
