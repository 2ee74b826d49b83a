package dev.rapport.topology;

import dev.rapport.alert.AlertThresholds;
import dev.rapport.config.Durations;
import dev.rapport.config.RapportConfig;
import dev.rapport.config.Setting;
import dev.rapport.policy.BusinessHours;
import dev.rapport.policy.Policy;
import dev.rapport.policy.PolicyOverride;
import java.time.Duration;
import java.util.Optional;

/**
 * The knobs of the engagement topology itself, apart from how it connects to Kafka, so tests
 * build exactly the production topology.
 *
 * @param window size of the tumbling event-time windows (aligned to the epoch, UTC)
 * @param grace how late an event may arrive and still count in its window
 * @param sla how long a customer may wait before the wait is a breach
 * @param responseHorizon the default policy's response horizon: waits open this long are unanswered
 * @param maxFutureSkew events further than this ahead of the wall clock are dead-lettered
 * @param changelogRetention time retention of the window-store changelog; empty = keep forever,
 *     which replays of old data need (the broker judges retention by the records' event times)
 * @param wallClockDeadlines also breach open waits when the wall clock passes their deadline, so a
 *     live alert goes out even when no further event arrives; replays leave it off
 * @param reorderWindow how long (event time) events are held to be applied in event-time order;
 *     zero applies each event as it arrives
 * @param conversationTtl a conversation idle this long (event time) is evicted from state, its open
 *     waits counted as abandoned
 * @param alerts when SLA warnings and brand alerts fire and resolve (the default policy's thresholds)
 * @param businessHours the default policy's business hours; empty: the SLA clock always runs
 * @param conversationsInMemory conversation-state on the heap instead of in RocksDB (logged either
 *     way): faster per event, restored from its changelog on every start
 */
public record EngagementSettings(
        Duration window, Duration grace, Duration sla, Duration responseHorizon, Duration maxFutureSkew,
        Optional<Duration> changelogRetention,
        boolean wallClockDeadlines, Duration reorderWindow, Duration conversationTtl, AlertThresholds alerts,
        Optional<BusinessHours> businessHours, boolean conversationsInMemory) {

    public EngagementSettings {
        if (alerts == null || businessHours == null) {
            throw new IllegalArgumentException("alert thresholds and business hours (or none) are required");
        }
        requirePositive("window", window);
        requireNotNegative("grace", grace);
        requirePositive("sla", sla);
        requirePositive("max future skew", maxFutureSkew);
        requireNotNegative("reorder window", reorderWindow);
        requirePositive("conversation ttl", conversationTtl);
        new Policy(sla, responseHorizon, alerts, businessHours, Policy.DEFAULT_REVISION);
        if (conversationTtl.compareTo(responseHorizon) < 0) {
            throw new IllegalArgumentException("conversation ttl (" + conversationTtl
                    + ") must be at least the response horizon (" + responseHorizon + ")");
        }
    }

    /**
     * Settings with conversation-state where {@code conversation.store} puts it by default (the
     * heap) and the default {@code response.horizon}.
     */
    public EngagementSettings(Duration window, Duration grace, Duration sla, Duration maxFutureSkew,
                              Optional<Duration> changelogRetention, boolean wallClockDeadlines, Duration reorderWindow,
                              Duration conversationTtl, AlertThresholds alerts, Optional<BusinessHours> businessHours) {
        this(window, grace, sla, Durations.parseOrNull(Setting.RESPONSE_HORIZON.defaultValue()), maxFutureSkew,
                changelogRetention, wallClockDeadlines, reorderWindow, conversationTtl,
                alerts, businessHours, onTheHeap(Setting.CONVERSATION_STORE.defaultValue()));
    }

    /** Settings whose default policy has no business hours, with the default {@code response.horizon}. */
    public EngagementSettings(Duration window, Duration grace, Duration sla, Duration maxFutureSkew,
                              Optional<Duration> changelogRetention, boolean wallClockDeadlines, Duration reorderWindow,
                              Duration conversationTtl, AlertThresholds alerts) {
        this(window, grace, sla, maxFutureSkew, changelogRetention, wallClockDeadlines, reorderWindow, conversationTtl,
                alerts, Optional.empty());
    }

    /** The policy of every brand without an override in {@code rapport.brand-policies}. */
    public Policy defaultPolicy() {
        return new Policy(sla, responseHorizon, alerts, businessHours, Policy.DEFAULT_REVISION);
    }

    /** These settings with {@code override} applied to the default policy (a what-if replay's policy file). */
    public EngagementSettings withDefaultPolicy(PolicyOverride override) {
        Policy policy = override.applyTo(defaultPolicy());
        return new EngagementSettings(window, grace, policy.sla(), policy.responseHorizon(), maxFutureSkew,
                changelogRetention, wallClockDeadlines,
                reorderWindow, conversationTtl, policy.thresholds(), policy.businessHours(), conversationsInMemory);
    }

    /** The settings of {@code config}; its SLA, alert and business-hours settings make the default policy. */
    public static EngagementSettings from(RapportConfig config) {
        return new EngagementSettings(config.duration(Setting.WINDOW), config.duration(Setting.GRACE),
                config.duration(Setting.SLA), config.duration(Setting.RESPONSE_HORIZON),
                config.duration(Setting.MAX_FUTURE_SKEW), config.changelogRetention(),
                "wall".equals(config.get(Setting.SLA_CLOCK)), config.duration(Setting.REORDER_WINDOW),
                config.duration(Setting.CONVERSATION_TTL), AlertThresholds.from(config), businessHours(config),
                onTheHeap(config.get(Setting.CONVERSATION_STORE)));
    }

    private static boolean onTheHeap(String conversationStore) {
        return "memory".equals(conversationStore);
    }

    private static Optional<BusinessHours> businessHours(RapportConfig config) {
        String zone = config.get(Setting.BUSINESS_HOURS_TIME_ZONE);
        return zone.isEmpty() ? Optional.empty() : Optional.of(BusinessHours.parse(zone,
                config.get(Setting.BUSINESS_HOURS_WEEKLY), config.get(Setting.BUSINESS_HOURS_HOLIDAYS)));
    }


    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    private static void requireNotNegative(String name, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + d);
        }
    }
}
