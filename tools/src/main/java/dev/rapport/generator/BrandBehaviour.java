package dev.rapport.generator;

import dev.rapport.schema.Platform;

/**
 * What a brand does: where its customers write, how much it broadcasts, how it answers.
 *
 * @param platforms where its conversations happen; one conversation stays on one platform
 * @param broadcastShare share of its conversations that are brand broadcasts rather than customer messages
 * @param broadcastReplyShare chance that a customer answers a broadcast
 * @param engaged how it answers until the run's fade point
 * @param faded how it answers after the fade point; the same as {@code engaged} for brands that do not fade
 */
record BrandBehaviour(
        WeightedChoice<Platform> platforms,
        double broadcastShare,
        double broadcastReplyShare,
        Engagement engaged,
        Engagement faded) {

    static BrandBehaviour steady(
            WeightedChoice<Platform> platforms,
            double broadcastShare,
            double broadcastReplyShare,
            Engagement engagement) {
        return new BrandBehaviour(platforms, broadcastShare, broadcastReplyShare, engagement, engagement);
    }

    Engagement at(double runFraction, double fadeAfter) {
        return runFraction < fadeAfter ? engaged : faded;
    }
}
