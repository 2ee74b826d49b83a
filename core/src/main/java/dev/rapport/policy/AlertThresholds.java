package dev.rapport.policy;

import dev.rapport.config.RapportConfig;
import dev.rapport.config.Setting;
import java.time.Duration;

/**
 * When alerts fire and resolve. One set for every brand; docs/alerts.md documents each rule with
 * the setting behind each field. {@link #from(RapportConfig)} reads them from the configuration;
 * {@link #builder()} sets them by name, starting from the defaults.
 *
 * @param slaWarningFraction SLA_WARNING fires when a wait has lasted this fraction of the SLA
 * @param hysteresis a brand alert resolves only when its value is back past threshold × (1 ∓ this)
 * @param latencyP90 LATENCY_DEGRADED: p90 response latency above this
 * @param latencyMinSamples LATENCY_DEGRADED: fewest latency samples a window is judged on
 * @param broadcastRatio BROADCAST_HEAVY: broadcasts / outbound above this
 * @param broadcastMinOutbound BROADCAST_HEAVY: fewest outbound messages a window is judged on
 * @param dropFraction ENGAGEMENT_DROP: depth-3 conversations below this fraction of the baseline
 * @param baselineAlpha ENGAGEMENT_DROP: weight of the newest window in the baseline EWMA
 * @param baselineWindows ENGAGEMENT_DROP: windows the baseline needs before it is trusted
 * @param minBaseline ENGAGEMENT_DROP: smallest baseline worth comparing against
 * @param channelGapRatio CHANNEL_GAP: a platform's answered share below this fraction of the others'
 * @param channelGapMinWaits CHANNEL_GAP: fewest waits opened on the platform, and on the others
 * @param responseRateMin RESPONSE_RATE_LOW: response rate below this
 * @param responseRateMinWaits RESPONSE_RATE_LOW: fewest decided waits a window is judged on
 */
public record AlertThresholds(
        double slaWarningFraction,
        double hysteresis,
        Duration latencyP90,
        int latencyMinSamples,
        double broadcastRatio,
        int broadcastMinOutbound,
        double dropFraction,
        double baselineAlpha,
        int baselineWindows,
        double minBaseline,
        double channelGapRatio,
        int channelGapMinWaits,
        double responseRateMin,
        int responseRateMinWaits) {

    public AlertThresholds {
        if (!(slaWarningFraction > 0 && slaWarningFraction < 1)) {
            throw new IllegalArgumentException(
                    "SLA warning fraction must be between 0 and 1, got " + slaWarningFraction);
        }
        if (!(hysteresis >= 0 && hysteresis < 1)) {
            throw new IllegalArgumentException("hysteresis must be at least 0 and below 1, got " + hysteresis);
        }
    }

    public static AlertThresholds defaults() {
        return from(RapportConfig.defaults());
    }

    public static AlertThresholds from(RapportConfig config) {
        return new Builder()
                .slaWarningFraction(config.decimal(Setting.SLA_WARNING_FRACTION))
                .hysteresis(config.decimal(Setting.ALERT_HYSTERESIS))
                .latencyP90(config.duration(Setting.ALERT_LATENCY_P90))
                .latencyMinSamples(config.integer(Setting.ALERT_LATENCY_MIN_SAMPLES))
                .broadcastRatio(config.decimal(Setting.ALERT_BROADCAST_RATIO))
                .broadcastMinOutbound(config.integer(Setting.ALERT_BROADCAST_MIN_OUTBOUND))
                .dropFraction(config.decimal(Setting.ALERT_ENGAGEMENT_DROP_FRACTION))
                .baselineAlpha(config.decimal(Setting.ALERT_ENGAGEMENT_BASELINE_ALPHA))
                .baselineWindows(config.integer(Setting.ALERT_ENGAGEMENT_BASELINE_WINDOWS))
                .minBaseline(config.decimal(Setting.ALERT_ENGAGEMENT_MIN_BASELINE))
                .channelGapRatio(config.decimal(Setting.ALERT_CHANNEL_GAP_RATIO))
                .channelGapMinWaits(config.integer(Setting.ALERT_CHANNEL_GAP_MIN_WAITS))
                .responseRateMin(config.decimal(Setting.ALERT_RESPONSE_RATE_MIN))
                .responseRateMinWaits(config.integer(Setting.ALERT_RESPONSE_RATE_MIN_WAITS))
                .build();
    }

    /** A builder that starts from the defaults: the built-in default of every alert {@link Setting}. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** A builder that starts from these thresholds. */
    public Builder toBuilder() {
        return new Builder()
                .slaWarningFraction(slaWarningFraction)
                .hysteresis(hysteresis)
                .latencyP90(latencyP90)
                .latencyMinSamples(latencyMinSamples)
                .broadcastRatio(broadcastRatio)
                .broadcastMinOutbound(broadcastMinOutbound)
                .dropFraction(dropFraction)
                .baselineAlpha(baselineAlpha)
                .baselineWindows(baselineWindows)
                .minBaseline(minBaseline)
                .channelGapRatio(channelGapRatio)
                .channelGapMinWaits(channelGapMinWaits)
                .responseRateMin(responseRateMin)
                .responseRateMinWaits(responseRateMinWaits);
    }

    /** Thresholds by name: each setter replaces one field, {@link #build()} validates them together. */
    public static final class Builder {
        private double slaWarningFraction;
        private double hysteresis;
        private Duration latencyP90;
        private int latencyMinSamples;
        private double broadcastRatio;
        private int broadcastMinOutbound;
        private double dropFraction;
        private double baselineAlpha;
        private int baselineWindows;
        private double minBaseline;
        private double channelGapRatio;
        private int channelGapMinWaits;
        private double responseRateMin;
        private int responseRateMinWaits;

        private Builder() {}

        public Builder slaWarningFraction(double slaWarningFraction) {
            this.slaWarningFraction = slaWarningFraction;
            return this;
        }

        public Builder hysteresis(double hysteresis) {
            this.hysteresis = hysteresis;
            return this;
        }

        public Builder latencyP90(Duration latencyP90) {
            this.latencyP90 = latencyP90;
            return this;
        }

        public Builder latencyMinSamples(int latencyMinSamples) {
            this.latencyMinSamples = latencyMinSamples;
            return this;
        }

        public Builder broadcastRatio(double broadcastRatio) {
            this.broadcastRatio = broadcastRatio;
            return this;
        }

        public Builder broadcastMinOutbound(int broadcastMinOutbound) {
            this.broadcastMinOutbound = broadcastMinOutbound;
            return this;
        }

        public Builder dropFraction(double dropFraction) {
            this.dropFraction = dropFraction;
            return this;
        }

        public Builder baselineAlpha(double baselineAlpha) {
            this.baselineAlpha = baselineAlpha;
            return this;
        }

        public Builder baselineWindows(int baselineWindows) {
            this.baselineWindows = baselineWindows;
            return this;
        }

        public Builder minBaseline(double minBaseline) {
            this.minBaseline = minBaseline;
            return this;
        }

        public Builder channelGapRatio(double channelGapRatio) {
            this.channelGapRatio = channelGapRatio;
            return this;
        }

        public Builder channelGapMinWaits(int channelGapMinWaits) {
            this.channelGapMinWaits = channelGapMinWaits;
            return this;
        }

        public Builder responseRateMin(double responseRateMin) {
            this.responseRateMin = responseRateMin;
            return this;
        }

        public Builder responseRateMinWaits(int responseRateMinWaits) {
            this.responseRateMinWaits = responseRateMinWaits;
            return this;
        }

        /** @throws IllegalArgumentException when a field is out of its range */
        public AlertThresholds build() {
            return new AlertThresholds(
                    slaWarningFraction,
                    hysteresis,
                    latencyP90,
                    latencyMinSamples,
                    broadcastRatio,
                    broadcastMinOutbound,
                    dropFraction,
                    baselineAlpha,
                    baselineWindows,
                    minBaseline,
                    channelGapRatio,
                    channelGapMinWaits,
                    responseRateMin,
                    responseRateMinWaits);
        }
    }
}
