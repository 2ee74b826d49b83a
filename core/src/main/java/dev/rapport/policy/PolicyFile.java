package dev.rapport.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.calendar.BusinessHours;
import dev.rapport.calendar.WeeklySchedule;
import dev.rapport.config.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Policies as people write them, in JSON: an optional {@code default} section that
 * overrides the configured default, and a {@code brands} object of per-brand overrides. Durations
 * are written like settings ({@code 30m}), business hours as a zone, a weekly schedule in text
 * form and ISO dates:
 *
 * <pre>{@code
 * {"default": {"sla": "2h"},
 *  "brands": {"AcmeSupport": {"sla": "30m", "slaWarningFraction": 0.5, "responseHorizon": "8h",
 *                             "businessHours": {"timeZone": "Europe/Berlin",
 *                                               "weekly": "Mon-Fri 09:00-17:00",
 *                                               "holidays": ["2026-12-25"]}}}}
 * }</pre>
 *
 * Unknown fields are errors, so a misspelt threshold cannot silently do nothing.
 */
public record PolicyFile(Optional<PolicyOverride> defaults, Map<String, PolicyOverride> brands) {
    private static final ObjectMapper READER = new ObjectMapper();
    private static final ObjectMapper WRITER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<String> FIELDS = Set.of(
            "sla",
            "slaWarningFraction",
            "latencyP90",
            "latencyMinSamples",
            "broadcastRatio",
            "broadcastMinOutbound",
            "engagementDropFraction",
            "channelGapRatio",
            "channelGapMinWaits",
            "businessHours",
            "responseHorizon",
            "responseRateMin",
            "responseRateMinWaits");
    private static final Set<String> HOURS_FIELDS = Set.of("timeZone", "weekly", "holidays");

    public static PolicyFile read(Path file) {
        JsonNode root;
        try {
            root = READER.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read policy file " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("policy file " + file + ": " + e.getMessage(), e);
        }
    }

    static PolicyFile parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected an object with 'default' and/or 'brands'");
        }
        unknown(root, Set.of("default", "brands"), "top level");
        Optional<PolicyOverride> defaults =
                root.has("default") ? Optional.of(override(root.get("default"), "default")) : Optional.empty();
        Map<String, PolicyOverride> brands = new LinkedHashMap<>();
        JsonNode brandNodes = root.path("brands");
        if (!brandNodes.isMissingNode() && !brandNodes.isObject()) {
            throw new IllegalArgumentException("'brands' must be an object of brand id to policy");
        }
        brandNodes.fields().forEachRemaining(e -> brands.put(e.getKey(), override(e.getValue(), e.getKey())));
        return new PolicyFile(defaults, brands);
    }

    /** The overrides as a policy file's JSON, which {@link #read} reads back. */
    public static String toJson(Map<String, PolicyOverride> brands) {
        ObjectNode root = WRITER.createObjectNode();
        ObjectNode brandNodes = root.putObject("brands");
        brands.forEach((brand, override) -> brandNodes.set(brand, json(override)));
        try {
            return WRITER.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PolicyOverride override(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": expected an object of policy fields");
        }
        unknown(node, FIELDS, where);
        try {
            return PolicyOverride.builder()
                    .sla(duration(node, "sla"))
                    .slaWarningFraction(decimal(node, "slaWarningFraction"))
                    .latencyP90(duration(node, "latencyP90"))
                    .latencyMinSamples(integer(node, "latencyMinSamples"))
                    .broadcastRatio(decimal(node, "broadcastRatio"))
                    .broadcastMinOutbound(integer(node, "broadcastMinOutbound"))
                    .engagementDropFraction(decimal(node, "engagementDropFraction"))
                    .channelGapRatio(decimal(node, "channelGapRatio"))
                    .channelGapMinWaits(integer(node, "channelGapMinWaits"))
                    .businessHours(hours(node.get("businessHours")))
                    .responseHorizon(duration(node, "responseHorizon"))
                    .responseRateMin(decimal(node, "responseRateMin"))
                    .responseRateMinWaits(integer(node, "responseRateMinWaits"))
                    .build()
                    .validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static BusinessHours hours(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        unknown(node, HOURS_FIELDS, "businessHours");
        if (!node.path("timeZone").isTextual() || !node.path("weekly").isTextual()) {
            throw new IllegalArgumentException("businessHours needs 'timeZone' and 'weekly' (text)");
        }
        TreeSet<LocalDate> holidays = new TreeSet<>();
        for (JsonNode day : node.path("holidays")) {
            holidays.addAll(BusinessHours.dates(day.asText()));
        }
        return new BusinessHours(
                BusinessHours.zone(node.get("timeZone").asText()),
                WeeklySchedule.parse(node.get("weekly").asText()),
                holidays);
    }

    private static ObjectNode json(PolicyOverride o) {
        ObjectNode node = WRITER.createObjectNode();
        if (o.sla() != null) {
            node.put("sla", Durations.format(o.sla()));
        }
        putIfSet(node, "slaWarningFraction", o.slaWarningFraction());
        if (o.latencyP90() != null) {
            node.put("latencyP90", Durations.format(o.latencyP90()));
        }
        putIfSet(node, "latencyMinSamples", o.latencyMinSamples());
        putIfSet(node, "broadcastRatio", o.broadcastRatio());
        putIfSet(node, "broadcastMinOutbound", o.broadcastMinOutbound());
        putIfSet(node, "engagementDropFraction", o.engagementDropFraction());
        putIfSet(node, "channelGapRatio", o.channelGapRatio());
        putIfSet(node, "channelGapMinWaits", o.channelGapMinWaits());
        if (o.responseHorizon() != null) {
            node.put("responseHorizon", Durations.format(o.responseHorizon()));
        }
        putIfSet(node, "responseRateMin", o.responseRateMin());
        putIfSet(node, "responseRateMinWaits", o.responseRateMinWaits());
        if (o.businessHours() != null) {
            ObjectNode hours = node.putObject("businessHours");
            hours.put("timeZone", o.businessHours().zone().getId());
            hours.put("weekly", o.businessHours().weekly().toString());
            o.businessHours()
                    .holidays()
                    .forEach(d -> hours.withArray("holidays").add(d.toString()));
        }
        return node;
    }

    private static void putIfSet(ObjectNode node, String field, Number value) {
        if (value instanceof Integer i) {
            node.put(field, i);
        } else if (value instanceof Double d) {
            node.put(field, d);
        }
    }

    private static void unknown(JsonNode node, Set<String> known, String where) {
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    where + ": unknown field(s) " + unknown + "; known: " + new TreeSet<>(known));
        }
    }

    private static Duration duration(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        Duration d = Durations.parseOrNull(value.asText());
        if (d == null) {
            throw new IllegalArgumentException(field + " '" + value.asText() + "' " + Durations.HELP);
        }
        return d;
    }

    private static Double decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number, got " + value);
        }
        return value.asDouble();
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            throw new IllegalArgumentException(field + " must be a whole number, got " + value);
        }
        return value.asInt();
    }
}
