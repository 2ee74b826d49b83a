package dev.rapport.generator;

import dev.rapport.schema.Platform;
import java.util.EnumMap;
import java.util.Map;

/**
 * How a brand treats customers at some point of a run.
 *
 * @param replyProbability chance that a customer's wait gets an answer at all, per platform
 * @param otherPlatformsReply chance for platforms absent from {@code replyProbability}
 * @param replyDelay how long an answer takes
 * @param askAgain chance that a customer answers the brand's reply with another question
 * @param thanks chance that a customer answers the brand's reply with thanks and leaves; with
 *     {@code askAgain} the rest is silence
 */
record Engagement(
        Map<Platform, Double> replyProbability,
        double otherPlatformsReply,
        Delay replyDelay,
        double askAgain,
        double thanks) {

    Engagement {
        Map<Platform, Double> copy = new EnumMap<>(Platform.class);
        copy.putAll(replyProbability);
        replyProbability = copy;
        if (askAgain + thanks > 1) {
            throw new IllegalArgumentException("askAgain + thanks must not exceed 1");
        }
    }

    static Engagement everywhere(double reply, Delay replyDelay, double askAgain, double thanks) {
        return new Engagement(Map.of(), reply, replyDelay, askAgain, thanks);
    }

    Engagement replyingOn(Platform platform, double reply) {
        Map<Platform, Double> byPlatform = new EnumMap<>(Platform.class);
        byPlatform.putAll(replyProbability);
        byPlatform.put(platform, reply);
        return new Engagement(byPlatform, otherPlatformsReply, replyDelay, askAgain, thanks);
    }

    double replyProbability(Platform platform) {
        return replyProbability.getOrDefault(platform, otherPlatformsReply);
    }
}
