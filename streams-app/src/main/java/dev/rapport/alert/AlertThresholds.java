package dev.rapport.alert;

import dev.rapport.config.RapportConfig;
import dev.rapport.config.Setting;
import java.time.Duration;

/**
 * When alerts fire and resolve. One set for every brand; docs/alerts.md documents
 * each rule with the setting behind each field.
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
            throw new IllegalArgumentException("SLA warning fraction must be between 0 and 1, got " + slaWarningFraction);
        }
        if (!(hysteresis >= 0 && hysteresis < 1)) {
            throw new IllegalArgumentException("hysteresis must be at least 0 and below 1, got " + hysteresis);
        }
    }

    public static AlertThresholds defaults() {
        return from(RapportConfig.defaults());
    }

    public static AlertThresholds from(RapportConfig config) {
        return new AlertThresholds(
                config.decimal(Setting.SLA_WARNING_FRACTION),
                config.decimal(Setting.ALERT_HYSTERESIS),
                config.duration(Setting.ALERT_LATENCY_P90),
                config.integer(Setting.ALERT_LATENCY_MIN_SAMPLES),
                config.decimal(Setting.ALERT_BROADCAST_RATIO),
                config.integer(Setting.ALERT_BROADCAST_MIN_OUTBOUND),
                config.decimal(Setting.ALERT_ENGAGEMENT_DROP_FRACTION),
                config.decimal(Setting.ALERT_ENGAGEMENT_BASELINE_ALPHA),
                config.integer(Setting.ALERT_ENGAGEMENT_BASELINE_WINDOWS),
                config.decimal(Setting.ALERT_ENGAGEMENT_MIN_BASELINE),
                config.decimal(Setting.ALERT_CHANNEL_GAP_RATIO),
                config.integer(Setting.ALERT_CHANNEL_GAP_MIN_WAITS),
                config.decimal(Setting.ALERT_RESPONSE_RATE_MIN),
                config.integer(Setting.ALERT_RESPONSE_RATE_MIN_WAITS));
    }
}
