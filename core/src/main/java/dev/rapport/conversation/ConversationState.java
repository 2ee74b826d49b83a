package dev.rapport.conversation;

import dev.rapport.policy.SlaTerms;
import dev.rapport.schema.Direction;
import dev.rapport.schema.Platform;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Everything Rapport remembers about one conversation, stored under its conversationId. */
public final class ConversationState {

    /**
     * A message already seen in the conversation: what a later reply needs to know about its parent.
     * {@code awaitingReply} marks a broadcast no customer has replied to yet, so that the first
     * reply, and only that one, counts it as engaged.
     */
    public record SeenEvent(int turn, Direction direction, String authorId, boolean awaitingReply) {
        SeenEvent replied() {
            return new SeenEvent(turn, direction, authorId, false);
        }
    }

    /**
     * A customer waiting for the brand since {@code startedAt}, the time of their oldest unanswered
     * message {@code eventId}. The first two flags are the state of the wait's SLA alerts: each
     * fires once per wait, and the answer resolves the one still firing. {@code horizonPassed}
     * says the wait has been decided unanswered (its outcome is counted; a later answer only gives
     * a latency sample). {@code terms} are the SLA and horizon of the brand's policy when the wait
     * opened.
     */
    public record Wait(
            long startedAt,
            String eventId,
            Platform platform,
            boolean breachReported,
            boolean warningReported,
            boolean horizonPassed,
            SlaTerms terms) {
        Wait withBreachReported() {
            return new Wait(startedAt, eventId, platform, true, warningReported, horizonPassed, terms);
        }

        Wait withWarningReported() {
            return new Wait(startedAt, eventId, platform, breachReported, true, horizonPassed, terms);
        }

        Wait withHorizonPassed() {
            return new Wait(startedAt, eventId, platform, breachReported, warningReported, true, terms);
        }
    }

    String brandId;
    int maxTurn;
    long lastEventAt;
    final Map<String, SeenEvent> events;
    final Map<String, Wait> openWaits;
    final Set<String> customersAnswered;

    public ConversationState(String brandId) {
        this(brandId, 0, Long.MIN_VALUE, new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashSet<>());
    }

    ConversationState(
            String brandId,
            int maxTurn,
            long lastEventAt,
            Map<String, SeenEvent> events,
            Map<String, Wait> openWaits,
            Set<String> customersAnswered) {
        this.brandId = brandId;
        this.maxTurn = maxTurn;
        this.lastEventAt = lastEventAt;
        this.events = events;
        this.openWaits = openWaits;
        this.customersAnswered = customersAnswered;
    }

    public String brandId() {
        return brandId;
    }

    public int maxTurn() {
        return maxTurn;
    }

    public long lastEventAt() {
        return lastEventAt;
    }

    public Map<String, Wait> openWaits() {
        return Collections.unmodifiableMap(openWaits);
    }

    public Map<String, SeenEvent> events() {
        return Collections.unmodifiableMap(events);
    }
}
