package dev.rapport.conversation;

import dev.rapport.conversation.ConversationState.SeenEvent;
import dev.rapport.conversation.ConversationState.Wait;
import dev.rapport.policy.Policy;
import dev.rapport.schema.Direction;
import dev.rapport.schema.MessageEvent;
import dev.rapport.stats.BrandDelta;
import dev.rapport.stats.WaitResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The metric spec applied to one conversation, free of Kafka so it can be tested and benchmarked
 * alone. See docs/metrics.md for the contract these rules implement.
 */
public final class ConversationRules {

    /** A wait that changed: opened (enters the SLA deadline index) or closed (leaves it). */
    public record WaitChange(String customerId, Wait pending) {}

    /**
     * A wait the message answered, {@code latencyMs} after it started (negative under clock skew);
     * {@code slaClockMs} is the part of it the SLA clock counts (business time with business hours).
     */
    public record Answered(String customerId, Wait pending, long latencyMs, long slaClockMs) {}

    /**
     * What one message did to its conversation.
     *
     * @param closed every wait that left the deadline index: the answered and the superseded ones
     * @param answered the waits this message answered
     * @param superseded waits replaced by an earlier message of the same customer that arrived late
     * @param passedHorizon answered waits whose horizon had passed before the answer although the
     *     clock had not decided them yet: their unanswered outcome belongs to the window of the
     *     horizon, so it is reported apart from this message's delta
     */
    public record Outcome(
            BrandDelta delta,
            List<WaitChange> opened,
            List<WaitChange> closed,
            List<Answered> answered,
            List<WaitChange> superseded,
            List<WaitChange> passedHorizon) {}

    private static final long[] NO_SAMPLES = new long[0];

    /**
     * Applies {@code event} to {@code state}. {@code policy} is the brand's policy now: a wait it
     * opens takes that policy's SLA terms, and an answer's business-time latency uses its hours.
     */
    public Outcome apply(ConversationState state, MessageEvent event, Policy policy) {
        long at = event.getOccurredAt().toEpochMilli();
        SeenEvent parent = event.getInReplyTo() == null ? null : state.events.get(event.getInReplyTo());
        int turn = parent == null ? 1 : parent.turn() + (parent.direction() == event.getDirection() ? 0 : 1);
        // A message delivered twice must not reopen a wait its first delivery opened and an answer
        // closed: that would raise the same wait's alerts a second time.
        boolean redelivered = state.events.containsKey(event.getEventId());

        int[] levelsReached = new int[Math.max(0, turn - state.maxTurn)];
        for (int i = 0; i < levelsReached.length; i++) {
            levelsReached[i] = state.maxTurn + 1 + i;
        }
        state.maxTurn = Math.max(state.maxTurn, turn);
        state.lastEventAt = Math.max(state.lastEventAt, at);
        boolean broadcast = event.getDirection() == Direction.OUTBOUND && parent == null;
        state.events.putIfAbsent(
                event.getEventId(),
                new SeenEvent(turn, event.getDirection(), event.getAuthorId(), broadcast && !redelivered));
        boolean broadcastEngaged = false;
        if (event.getDirection() == Direction.INBOUND && parent != null && parent.awaitingReply()) {
            state.events.put(event.getInReplyTo(), parent.replied());
            broadcastEngaged = true;
        }

        List<WaitChange> opened = new ArrayList<>(1);
        List<WaitChange> closed = new ArrayList<>(1);
        List<WaitChange> superseded = new ArrayList<>(0);
        List<Answered> answeredWaits = new ArrayList<>(1);
        List<WaitChange> passedHorizon = new ArrayList<>(0);
        List<WaitResult> results = new ArrayList<>(1);
        long[] latencies = NO_SAMPLES;
        long[] firstLatencies = NO_SAMPLES;
        long[] businessLatencies = NO_SAMPLES;
        int negative = 0;

        if (event.getDirection() == Direction.INBOUND) {
            if (!redelivered) {
                openWait(state, event, at, policy, opened, closed, superseded);
            }
        } else if (!redelivered) {
            List<String> answered = parent != null && parent.direction() == Direction.INBOUND
                    ? List.of(parent.authorId())
                    : List.copyOf(state.openWaits.keySet());
            List<Long> samples = new ArrayList<>(answered.size());
            List<Long> businessSamples = new ArrayList<>(answered.size());
            List<Long> firstSamples = new ArrayList<>(1);
            for (String customer : answered) {
                Wait wait = state.openWaits.remove(customer);
                if (wait == null) {
                    continue;
                }
                closed.add(new WaitChange(customer, wait));
                long latency = at - wait.startedAt();
                long slaClock = policy.slaClockMillis(wait.startedAt(), at);
                answeredWaits.add(new Answered(customer, wait, latency, slaClock));
                boolean inTime = !wait.horizonPassed() && wait.terms().inTime(at);
                if (!wait.horizonPassed() && !inTime) {
                    passedHorizon.add(new WaitChange(customer, wait));
                }
                WaitResult.Outcome result = inTime ? WaitResult.Outcome.ANSWERED_IN_TIME : WaitResult.Outcome.NONE;
                boolean otherPlatform = wait.platform() != event.getPlatform();
                if (latency < 0) {
                    // Clock skew between platforms: the answer still ends the wait, the sample is unusable.
                    negative++;
                    results.add(new WaitResult(
                            wait.platform(),
                            result,
                            WaitResult.NO_SAMPLE,
                            wait.terms().withinSla(at),
                            otherPlatform,
                            false));
                    continue;
                }
                samples.add(latency);
                businessSamples.add(slaClock);
                boolean first = state.customersAnswered.add(customer);
                if (first) {
                    firstSamples.add(latency);
                }
                results.add(new WaitResult(
                        wait.platform(), result, latency, wait.terms().withinSla(at), otherPlatform, first));
            }
            latencies = samples.stream().mapToLong(Long::longValue).toArray();
            firstLatencies = firstSamples.stream().mapToLong(Long::longValue).toArray();
            if (policy.businessHours().isPresent()) {
                businessLatencies =
                        businessSamples.stream().mapToLong(Long::longValue).toArray();
            }
        }
        BrandDelta delta = new BrandDelta(
                event.getPlatform(),
                event.getDirection() == Direction.INBOUND,
                broadcast,
                latencies,
                firstLatencies,
                businessLatencies,
                levelsReached,
                negative,
                opened.size() - superseded.size(),
                answeredWaits.size(),
                true,
                0,
                results,
                broadcastEngaged,
                event.getDirection() == Direction.OUTBOUND ? event.getAuthorId() : null);
        return new Outcome(delta, opened, closed, answeredWaits, superseded, passedHorizon);
    }

    /**
     * A customer waits from their oldest unanswered message; later messages do not restart the
     * clock. When an earlier message arrives late, the wait moves to it; an outcome already
     * counted for the wait it replaces stays counted, so the one wait is not decided twice.
     */
    private static void openWait(
            ConversationState state,
            MessageEvent event,
            long at,
            Policy policy,
            List<WaitChange> opened,
            List<WaitChange> closed,
            List<WaitChange> superseded) {
        String customer = event.getAuthorId();
        Wait current = state.openWaits.get(customer);
        if (current != null && current.startedAt() <= at) {
            return;
        }
        if (current != null) {
            closed.add(new WaitChange(customer, current));
            superseded.add(new WaitChange(customer, current));
        }
        Wait wait = new Wait(
                at,
                event.getEventId(),
                event.getPlatform(),
                false,
                false,
                current != null && current.horizonPassed(),
                policy.termsFor(at));
        state.openWaits.put(customer, wait);
        opened.add(new WaitChange(customer, wait));
    }

    /** Marks the breach of {@code customer}'s wait as reported; returns the wait as it was, or null if it is gone. */
    public Wait reportBreach(ConversationState state, String customer) {
        Wait wait = state.openWaits.get(customer);
        if (wait == null || wait.breachReported()) {
            return null;
        }
        state.openWaits.put(customer, wait.withBreachReported().withWarningReported());
        return wait;
    }

    /**
     * Marks {@code customer}'s wait as decided unanswered; returns the wait as it was, or null if it
     * is gone or was decided already.
     */
    public Wait reportUnanswered(ConversationState state, String customer) {
        Wait wait = state.openWaits.get(customer);
        if (wait == null || wait.horizonPassed()) {
            return null;
        }
        state.openWaits.put(customer, wait.withHorizonPassed());
        return wait;
    }

    /** Marks the warning of {@code customer}'s wait as reported; returns the wait as it was, or null if it is gone. */
    public Wait reportWarning(ConversationState state, String customer) {
        Wait wait = state.openWaits.get(customer);
        if (wait == null || wait.warningReported() || wait.breachReported()) {
            return null;
        }
        state.openWaits.put(customer, wait.withWarningReported());
        return wait;
    }
}
