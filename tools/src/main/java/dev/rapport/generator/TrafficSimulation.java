package dev.rapport.generator;

import dev.rapport.schema.Direction;
import dev.rapport.schema.MessageEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The traffic model as a discrete-event simulation: an endless sequence of MessageEvents in the
 * order they happen, occurredAt from the simulated clock, which starts at {@code start}.
 *
 * <p>Each message decides the next ones of its conversation when it is written (will the brand
 * answer and when, will the customer chase, thank, ask again) and schedules them on an agenda.
 * Only conversations with something scheduled are held, so memory follows the number of open
 * conversations, not the length of the run. The agenda breaks time ties by scheduling order, and
 * all randomness comes from one seeded generator: the same settings give the same events.
 */
public final class TrafficSimulation implements Iterator<MessageEvent> {
    private enum Step {
        BRAND_REPLY,
        FOLLOW_UP,
        ASK_AGAIN,
        THANK,
        JOIN
    }

    private record Action(long at, long order, Conversation conversation, Participant participant, Step step) {}

    private static final Comparator<Action> AGENDA_ORDER =
            Comparator.comparingLong(Action::at).thenComparingLong(Action::order);

    private final RandomGenerator random;
    private final WeightedChoice<Brand> brands;
    private final CustomerHabits customers = CustomerHabits.TYPICAL;
    private final ConversationStarts starts;
    private final PriorityQueue<Action> agenda = new PriorityQueue<>(AGENDA_ORDER);
    private final ArrayDeque<MessageEvent> ready = new ArrayDeque<>();
    private final String idPrefix;
    private final long startMs;
    private final double plannedSpanMs;
    private final double fadeAfter;
    private final int maxOpenConversations;

    private double nextStartAt;
    private long eventNumber;
    private long actionNumber;
    private long emitted;
    private long started;
    private int open;

    /**
     * @param plannedSpan how much simulated time the run is meant to cover; only the fading persona
     *     uses it, to know when the fade point comes
     */
    public TrafficSimulation(TrafficSettings settings, Instant start, Duration plannedSpan) {
        this.random = new SplittableRandom(settings.seed());
        this.brands = BrandRoster.of(settings);
        this.idPrefix = settings.seed() + "-";
        this.startMs = start.toEpochMilli();
        this.plannedSpanMs = Math.max(1, plannedSpan.toMillis());
        this.fadeAfter = settings.fadeAfter();
        this.maxOpenConversations = settings.maxOpenConversations();
        this.starts = new ConversationStarts(random, startMs, settings.eventsPerSecond());
        this.nextStartAt = startMs;
    }

    /** Always true: the traffic never ends by itself, the caller decides when it has enough. */
    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public MessageEvent next() {
        while (ready.isEmpty()) {
            advance();
        }
        return ready.poll();
    }

    /** Conversations with something still scheduled. */
    public int openConversations() {
        return open;
    }

    private void advance() {
        Action due = agenda.peek();
        if (due == null || nextStartAt <= due.at()) {
            startConversation((long) nextStartAt);
            nextStartAt = starts.after(nextStartAt, emitted, started);
        } else {
            agenda.poll();
            perform(due);
        }
    }

    private void startConversation(long at) {
        if (open >= maxOpenConversations) {
            // The cap bounds memory; a customer who would have written now simply does not.
            return;
        }
        Brand brand = brands.pick(random);
        Conversation conversation = new Conversation(
                nextEventId(), brand, brand.behaviour().platforms().pick(random));
        open++;
        started++;
        BrandBehaviour behaviour = brand.behaviour();
        if (random.nextDouble() < behaviour.broadcastShare()) {
            emit(conversation, conversation.id, Direction.OUTBOUND, brand.id(), null, at);
            if (random.nextDouble() < behaviour.broadcastReplyShare()) {
                schedule(conversation, null, Step.JOIN, at + Delay.exponential(random, customers.joinDelay()));
            }
        } else {
            Participant customer = conversation.join(newCustomer(conversation));
            emit(conversation, conversation.id, Direction.INBOUND, customer.customerId, null, at);
            customer.lastMessageId = conversation.id;
            customerWrote(conversation, customer, at, false);
            if (random.nextDouble() < customers.joinShare()) {
                schedule(conversation, null, Step.JOIN, at + Delay.exponential(random, customers.joinDelay()));
            }
        }
        closeIfIdle(conversation);
    }

    private void perform(Action action) {
        Conversation conversation = action.conversation();
        Participant customer = action.participant();
        long at = action.at();
        conversation.scheduled--;
        switch (action.step()) {
            case BRAND_REPLY -> {
                customer.lastAnswerId = emit(
                        conversation,
                        nextEventId(),
                        Direction.OUTBOUND,
                        conversation.brand.id(),
                        customer.lastMessageId,
                        at);
                customer.waiting = false;
                customer.answerDueAt = Participant.NEVER;
                if (!customer.saidThanks) {
                    reactToAnswer(conversation, customer, at);
                }
            }
            case FOLLOW_UP -> {
                customer.followUpsLeft--;
                customer.lastMessageId = emit(
                        conversation,
                        nextEventId(),
                        Direction.INBOUND,
                        customer.customerId,
                        customer.lastMessageId,
                        at);
                maybeFollowUp(conversation, customer, at);
            }
            case ASK_AGAIN -> {
                customer.questionsAsked++;
                customer.lastMessageId = emit(
                        conversation, nextEventId(), Direction.INBOUND, customer.customerId, customer.lastAnswerId, at);
                customerWrote(conversation, customer, at, false);
            }
            case THANK -> {
                customer.saidThanks = true;
                customer.lastMessageId = emit(
                        conversation, nextEventId(), Direction.INBOUND, customer.customerId, customer.lastAnswerId, at);
                customerWrote(conversation, customer, at, true);
            }
            case JOIN -> {
                Participant joiner = conversation.join(newCustomer(conversation));
                joiner.lastMessageId =
                        emit(conversation, nextEventId(), Direction.INBOUND, joiner.customerId, conversation.id, at);
                customerWrote(conversation, joiner, at, false);
            }
        }
        closeIfIdle(conversation);
    }

    /** A customer message opens a wait unless one is open; whether and when the brand answers is decided now. */
    private void customerWrote(Conversation conversation, Participant customer, long at, boolean thanks) {
        if (!customer.waiting) {
            customer.waiting = true;
            Engagement engagement = engagementAt(conversation, at);
            if (random.nextDouble() < engagement.replyProbability(conversation.platform)) {
                customer.answerDueAt = at + engagement.replyDelay().sample(random);
                schedule(conversation, customer, Step.BRAND_REPLY, customer.answerDueAt);
            }
            // Nobody chases an answer to their thanks.
            customer.followUpsLeft = thanks ? 0 : customers.maxFollowUps();
        }
        maybeFollowUp(conversation, customer, at);
    }

    private void maybeFollowUp(Conversation conversation, Participant customer, long at) {
        if (customer.followUpsLeft > 0 && random.nextDouble() < customers.followUpChance()) {
            long followUpAt = at + Delay.exponential(random, customers.patience());
            if (followUpAt < customer.answerDueAt) {
                schedule(conversation, customer, Step.FOLLOW_UP, followUpAt);
            }
        }
    }

    private void reactToAnswer(Conversation conversation, Participant customer, long at) {
        Engagement engagement = engagementAt(conversation, at);
        double reaction = random.nextDouble();
        long reactAt = at + customers.thinkTime().sample(random);
        if (reaction < engagement.askAgain() && customer.questionsAsked < customers.maxQuestions()) {
            schedule(conversation, customer, Step.ASK_AGAIN, reactAt);
        } else if (reaction < engagement.askAgain() + engagement.thanks()) {
            schedule(conversation, customer, Step.THANK, reactAt);
        }
    }

    private Engagement engagementAt(Conversation conversation, long at) {
        return conversation.brand.behaviour().at((at - startMs) / plannedSpanMs, fadeAfter);
    }

    private String newCustomer(Conversation conversation) {
        String id;
        do {
            id = "cust-" + random.nextInt(customers.population());
        } while (conversation.hasParticipant(id));
        return id;
    }

    private void schedule(Conversation conversation, Participant participant, Step step, long at) {
        conversation.scheduled++;
        agenda.add(new Action(at, actionNumber++, conversation, participant, step));
    }

    private void closeIfIdle(Conversation conversation) {
        if (conversation.scheduled == 0) {
            open--;
        }
    }

    private String nextEventId() {
        return idPrefix + eventNumber++;
    }

    private String emit(
            Conversation conversation, String eventId, Direction direction, String author, String inReplyTo, long at) {
        // The all-fields constructor, not the builder: the builder's per-field validation dominated generation time.
        ready.add(new MessageEvent(
                eventId,
                conversation.platform,
                conversation.brand.id(),
                conversation.id,
                direction,
                author,
                inReplyTo,
                Instant.ofEpochMilli(at)));
        emitted++;
        return eventId;
    }
}
