package dev.rapport.alert;

import dev.rapport.policy.AlertThresholds;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.Platform;
import dev.rapport.schema.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CHANNEL_GAP, per platform: the share of waits the brand answers there (answered / opened in the
 * window) below a fraction of the same share on its other platforms together. Both sides need
 * enough waits opened, so a platform with two messages is not judged.
 */
final class ChannelGap implements BrandCondition {
    private final AlertThresholds thresholds;

    ChannelGap(AlertThresholds thresholds) {
        this.thresholds = thresholds;
    }

    @Override
    public AlertType type() {
        return AlertType.CHANNEL_GAP;
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public List<Reading> read(BrandWindowStats window, BrandAlertState baseline) {
        Map<String, Long> opened = window.getWaitsOpenedByPlatform();
        Map<String, Long> answered = window.getWaitsAnsweredByPlatform();
        long allOpened = opened.values().stream().mapToLong(Long::longValue).sum();
        long allAnswered = answered.values().stream().mapToLong(Long::longValue).sum();
        List<Reading> readings = new ArrayList<>();
        for (Map.Entry<String, Long> platform : opened.entrySet()) {
            long here = platform.getValue();
            long elsewhere = allOpened - here;
            if (here < thresholds.channelGapMinWaits() || elsewhere < thresholds.channelGapMinWaits()) {
                continue;
            }
            long answeredHere = answered.getOrDefault(platform.getKey(), 0L);
            double share = (double) answeredHere / here;
            double otherShare = (double) (allAnswered - answeredHere) / elsewhere;
            readings.add(new Reading(
                    Platform.valueOf(platform.getKey()),
                    share,
                    thresholds.channelGapRatio() * otherShare,
                    Reading.Side.BELOW,
                    String.format(
                            Locale.ROOT,
                            "%d answers to %d waits on %s; %.0f%% answered on the other platforms",
                            answeredHere,
                            here,
                            platform.getKey(),
                            100 * otherShare)));
        }
        return readings;
    }
}
