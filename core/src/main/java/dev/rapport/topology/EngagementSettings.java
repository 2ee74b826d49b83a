package dev.rapport.topology;

import dev.rapport.calendar.BusinessHours;
import dev.rapport.config.RapportConfig;
import dev.rapport.config.Setting;
import dev.rapport.policy.AlertThresholds;
import dev.rapport.policy.Policy;
import dev.rapport.policy.PolicyOverride;
import java.time.Duration;
import java.util.Optional;

/**
 * The knobs of the engagement topology itself, apart from how it connects to Kafka, so tests
 * build exactly the production topology. {@link #from(RapportConfig)} reads them from the
 * configuration; {@link #builder()} sets them by name, starting from the production defaults.
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
        Duration window,
        Duration grace,
        Duration sla,
        Duration responseHorizon,
        Duration maxFutureSkew,
        Optional<Duration> changelogRetention,
        boolean wallClockDeadlines,
        Duration reorderWindow,
        Duration conversationTtl,
        AlertThresholds alerts,
        Optional<BusinessHours> businessHours,
        boolean conversationsInMemory) {

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

    /** The policy of every brand without an override in {@code rapport.brand-policies}. */
    public Policy defaultPolicy() {
        return new Policy(sla, responseHorizon, alerts, businessHours, Policy.DEFAULT_REVISION);
    }

    /** These settings with {@code override} applied to the default policy (a what-if replay's policy file). */
    public EngagementSettings withDefaultPolicy(PolicyOverride override) {
        Policy policy = override.applyTo(defaultPolicy());
        return toBuilder()
                .sla(policy.sla())
                .responseHorizon(policy.responseHorizon())
                .alerts(policy.thresholds())
                .businessHours(policy.businessHours())
                .build();
    }

    /** The settings of {@code config}; its SLA, alert and business-hours settings make the default policy. */
    public static EngagementSettings from(RapportConfig config) {
        return builderFrom(config).build();
    }

    /** A builder that starts from the production defaults: the built-in default of every {@link Setting}. */
    public static Builder builder() {
        return builderFrom(RapportConfig.defaults());
    }

    /** A builder that starts from these settings. */
    public Builder toBuilder() {
        return new Builder()
                .window(window)
                .grace(grace)
                .sla(sla)
                .responseHorizon(responseHorizon)
                .maxFutureSkew(maxFutureSkew)
                .changelogRetention(changelogRetention)
                .wallClockDeadlines(wallClockDeadlines)
                .reorderWindow(reorderWindow)
                .conversationTtl(conversationTtl)
                .alerts(alerts)
                .businessHours(businessHours)
                .conversationsInMemory(conversationsInMemory);
    }

    private static Builder builderFrom(RapportConfig config) {
        return new Builder()
                .window(config.duration(Setting.WINDOW))
                .grace(config.duration(Setting.GRACE))
                .sla(config.duration(Setting.SLA))
                .responseHorizon(config.duration(Setting.RESPONSE_HORIZON))
                .maxFutureSkew(config.duration(Setting.MAX_FUTURE_SKEW))
                .changelogRetention(config.changelogRetention())
                .wallClockDeadlines("wall".equals(config.get(Setting.SLA_CLOCK)))
                .reorderWindow(config.duration(Setting.REORDER_WINDOW))
                .conversationTtl(config.duration(Setting.CONVERSATION_TTL))
                .alerts(AlertThresholds.from(config))
                .businessHours(businessHours(config))
                .conversationsInMemory("memory".equals(config.get(Setting.CONVERSATION_STORE)));
    }

    private static Optional<BusinessHours> businessHours(RapportConfig config) {
        String zone = config.get(Setting.BUSINESS_HOURS_TIME_ZONE);
        return zone.isEmpty()
                ? Optional.empty()
                : Optional.of(BusinessHours.parse(
                        zone, config.get(Setting.BUSINESS_HOURS_WEEKLY), config.get(Setting.BUSINESS_HOURS_HOLIDAYS)));
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
    /**
     * Settings by name: each setter replaces one field, {@link #build()} validates them together as
     * the record's constructor does.
     */
    public static final class Builder {
        private Duration window;
        private Duration grace;
        private Duration sla;
        private Duration responseHorizon;
        private Duration maxFutureSkew;
        private Optional<Duration> changelogRetention;
        private boolean wallClockDeadlines;
        private Duration reorderWindow;
        private Duration conversationTtl;
        private AlertThresholds alerts;
        private Optional<BusinessHours> businessHours;
        private boolean conversationsInMemory;

        private Builder() {}

        public Builder window(Duration window) {
            this.window = window;
            return this;
        }

        public Builder grace(Duration grace) {
            this.grace = grace;
            return this;
        }

        public Builder sla(Duration sla) {
            this.sla = sla;
            return this;
        }

        public Builder responseHorizon(Duration responseHorizon) {
            this.responseHorizon = responseHorizon;
            return this;
        }

        public Builder maxFutureSkew(Duration maxFutureSkew) {
            this.maxFutureSkew = maxFutureSkew;
            return this;
        }

        /** @param changelogRetention empty keeps the window-store changelog forever */
        public Builder changelogRetention(Optional<Duration> changelogRetention) {
            this.changelogRetention = changelogRetention;
            return this;
        }

        public Builder wallClockDeadlines(boolean wallClockDeadlines) {
            this.wallClockDeadlines = wallClockDeadlines;
            return this;
        }

        public Builder reorderWindow(Duration reorderWindow) {
            this.reorderWindow = reorderWindow;
            return this;
        }

        public Builder conversationTtl(Duration conversationTtl) {
            this.conversationTtl = conversationTtl;
            return this;
        }

        public Builder alerts(AlertThresholds alerts) {
            this.alerts = alerts;
            return this;
        }

        /** @param businessHours empty: the SLA clock always runs */
        public Builder businessHours(Optional<BusinessHours> businessHours) {
            this.businessHours = businessHours;
            return this;
        }

        public Builder conversationsInMemory(boolean conversationsInMemory) {
            this.conversationsInMemory = conversationsInMemory;
            return this;
        }

        /** @throws IllegalArgumentException when the fields do not make valid settings together */
        public EngagementSettings build() {
            return new EngagementSettings(
                    window,
                    grace,
                    sla,
                    responseHorizon,
                    maxFutureSkew,
                    changelogRetention,
                    wallClockDeadlines,
                    reorderWindow,
                    conversationTtl,
                    alerts,
                    businessHours,
                    conversationsInMemory);
        }
    }
}
