package dev.rapport.policy;

import dev.rapport.config.Durations;
import dev.rapport.config.Setting;
import java.time.Duration;

/**
 * The upper bound of a policy's response horizon: the setting {@code conversation.ttl}. An idle
 * conversation is evicted after the ttl, and a wait must be decided by its horizon before then,
 * not by the eviction. The configuration checks its own default at start-up; a brand's override is
 * checked here wherever one is made for this configuration ({@code policy set}, what-if replay).
 */
public record ResponseHorizonBound(Duration conversationTtl) {

    /** @throws IllegalArgumentException naming the setting, if {@code policy}'s horizon exceeds the ttl */
    public void check(Policy policy) {
        if (policy.responseHorizon().compareTo(conversationTtl) > 0) {
            throw new IllegalArgumentException("responseHorizon (" + Durations.format(policy.responseHorizon())
                    + ") must not exceed the setting '" + Setting.CONVERSATION_TTL.key() + "' ("
                    + Durations.format(conversationTtl)
                    + "): a conversation must not be evicted before its waits are decided");
        }
    }
}
