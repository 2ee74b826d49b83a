package dev.rapport.generator;

import static dev.rapport.schema.Platform.FACEBOOK;
import static dev.rapport.schema.Platform.INSTAGRAM;
import static dev.rapport.schema.Platform.TWITTER;
import static dev.rapport.schema.Platform.WHATSAPP;

import dev.rapport.schema.Platform;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The brands of the personas mode. Each one makes a metric or alert stand out against the others,
 * so a demo shows every dashboard panel moving and a test can check that the metrics point the
 * right way.
 */
public enum Persona {
    /** Answers within seconds to a couple of minutes and keeps customers talking: low latency, deep conversations. */
    ATTENTIVE(
            "attentive-air",
            BrandBehaviour.steady(
                    platforms(Map.of(TWITTER, 0.5, INSTAGRAM, 0.25, FACEBOOK, 0.25)),
                    0.05,
                    0.3,
                    Engagement.everywhere(
                            0.95, Delay.logNormal(Duration.ofSeconds(25), 0.9, Duration.ofMinutes(10)), 0.55, 0.35))),

    /** Answers late, often past any SLA, and leaves many customers unanswered: SLA breaches. */
    SLOW(
            "slow-telco",
            BrandBehaviour.steady(
                    platforms(Map.of(TWITTER, 0.6, FACEBOOK, 0.4)),
                    0.03,
                    0.3,
                    Engagement.everywhere(
                            0.5, Delay.logNormal(Duration.ofMinutes(25), 1.0, Duration.ofHours(8)), 0.3, 0.3))),

    /** Posts announcements and hardly answers: broadcast-heavy, outbound share near 1. */
    BROADCASTER(
            "megaphone-retail",
            BrandBehaviour.steady(
                    platforms(Map.of(TWITTER, 0.5, INSTAGRAM, 0.3, FACEBOOK, 0.2)),
                    0.92,
                    0.06,
                    Engagement.everywhere(
                            0.1, Delay.logNormal(Duration.ofMinutes(30), 1.0, Duration.ofHours(6)), 0.2, 0.3))),

    /** Customers write on Instagram and WhatsApp too, but the brand answers almost only on Twitter: a channel gap. */
    CHANNEL_GAP(
            "channel-gap-bank",
            BrandBehaviour.steady(
                    platforms(Map.of(TWITTER, 0.34, INSTAGRAM, 0.33, WHATSAPP, 0.33)),
                    0.03,
                    0.3,
                    Engagement.everywhere(
                                    0.92, Delay.logNormal(Duration.ofMinutes(2), 0.8, Duration.ofHours(1)), 0.4, 0.35)
                            .replyingOn(INSTAGRAM, 0.06)
                            .replyingOn(WHATSAPP, 0.06))),

    /** Engaged until the run's fade point, then answers seldom and late: an engagement drop. */
    FADING(
            "fading-foods",
            new BrandBehaviour(
                    platforms(Map.of(TWITTER, 0.5, INSTAGRAM, 0.5)),
                    0.05,
                    0.3,
                    Engagement.everywhere(
                            0.9, Delay.logNormal(Duration.ofSeconds(40), 0.9, Duration.ofMinutes(15)), 0.55, 0.3),
                    Engagement.everywhere(
                            0.3, Delay.logNormal(Duration.ofMinutes(6), 1.0, Duration.ofHours(2)), 0.08, 0.3))),

    /**
     * Answers half its customers within a minute or two and never answers the other half: its
     * latency percentiles look as good as the attentive brand's, only the response rate shows the
     * customers left behind. One platform, so the ignored half cannot pass for a channel gap.
     */
    SELECTIVE(
            "cherry-picker-shop",
            BrandBehaviour.steady(
                    platforms(Map.of(INSTAGRAM, 1.0)),
                    0.03,
                    0.3,
                    Engagement.everywhere(
                            0.5, Delay.logNormal(Duration.ofSeconds(40), 0.6, Duration.ofMinutes(4)), 0.4, 0.35)));

    private final String brandId;
    private final BrandBehaviour behaviour;

    Persona(String brandId, BrandBehaviour behaviour) {
        this.brandId = brandId;
        this.behaviour = behaviour;
    }

    public String brandId() {
        return brandId;
    }

    BrandBehaviour behaviour() {
        return behaviour;
    }

    /** EnumMap, not the Map.of argument, fixes the iteration order and with it every pick. */
    private static WeightedChoice<Platform> platforms(Map<Platform, Double> weights) {
        return WeightedChoice.of(new EnumMap<>(weights));
    }
}
