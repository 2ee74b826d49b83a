package dev.rapport.generator;

import java.time.Duration;

/**
 * How simulated customers behave, whatever the brand.
 *
 * @param patience mean time before an unanswered customer may write again ("any news?")
 * @param followUpChance chance that an impatient customer does write again rather than stay silent
 * @param maxFollowUps follow-ups per wait at most
 * @param thinkTime how long a customer takes to react to an answer
 * @param maxQuestions questions one customer asks in one conversation at most, so every conversation ends
 * @param joinShare chance that a second customer joins a conversation a customer started ("same here")
 * @param joinDelay mean time until that second customer writes, or until a customer answers a broadcast
 * @param population customer ids are drawn from this many, so some customers come back in other conversations
 */
record CustomerHabits(
        Duration patience,
        double followUpChance,
        int maxFollowUps,
        Delay thinkTime,
        int maxQuestions,
        double joinShare,
        Duration joinDelay,
        int population) {

    static final CustomerHabits TYPICAL = new CustomerHabits(
            Duration.ofMinutes(8),
            0.5,
            2,
            Delay.logNormal(Duration.ofSeconds(40), 0.8, Duration.ofMinutes(30)),
            5,
            0.04,
            Duration.ofMinutes(3),
            500_000);
}
