package dev.rapport.conversation;

import dev.rapport.conversation.ConversationRules.Answered;
import dev.rapport.conversation.ConversationRules.Outcome;
import dev.rapport.conversation.ConversationRules.WaitChange;
import dev.rapport.conversation.ConversationState.Wait;
import dev.rapport.ingest.Ingested;
import dev.rapport.metrics.EngagementMetrics;
import dev.rapport.policy.Policy;
import dev.rapport.policy.PolicyLookup;
import dev.rapport.policy.PolicySource;
import dev.rapport.policy.SlaTerms;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.schema.MessageEvent;
import dev.rapport.schema.Platform;
import dev.rapport.state.HashKeyValueStore;
import dev.rapport.stats.BrandDelta;
import dev.rapport.stats.WaitResult;
import dev.rapport.streamsinternals.StoreLayers;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keyed by conversation: applies {@link ConversationRules} to each event, keeps the conversation's
 * state, and reports the SLA warnings and breaches of waits that are still open when event time
 * passes their deadlines, and their resolution when the wait ends ({@link SlaAlertLifecycle}).
 * Waits still open when the clock passes their response horizon are decided unanswered, in the
 * window of the horizon. Event time is the largest occurredAt (or watermark) this task has seen,
 * so replays give the same answer however fast they run.
 */
public final class ConversationProcessor implements Processor<String, Ingested, String, ConversationOutput> {

    /** How often live mode checks deadlines against the wall clock: well inside the 1 s alert target. */
    static final Duration WALL_CLOCK_SWEEP = Duration.ofMillis(200);

    private final String conversationStoreName;
    private final String deadlineStoreName;
    private final ConversationRules rules = new ConversationRules();
    private final SlaAlertLifecycle slaAlerts = new SlaAlertLifecycle();
    private final PolicySource policySource;
    private PolicyLookup policies;
    private final boolean wallClockDeadlines;
    private final String reorderStoreName;
    private final String expiryStoreName;
    private final long conversationTtlMs;
    private ConversationExpiry expiry;
    private final long reorderWindowMs;
    private final LongSupplier wallClock;
    private final EngagementMetrics metrics;

    private ProcessorContext<String, ConversationOutput> context;
    private KeyValueStore<String, ConversationState> conversations;
    private SlaDeadlineIndex deadlines;
    /** The conversations' own store when it is {@link HashKeyValueStore}, else null. */
    private HashKeyValueStore slots;
    /** Event time as far as applied events go: the newest record time minus the reorder window. */
    private long eventTime = Long.MIN_VALUE;

    private long observedTime = Long.MIN_VALUE;
    private ReorderBuffer reorder;
    private String taskId;

    /**
     * @param conversationTtl a conversation idle this long (event time) is evicted, its open waits
     *     counted as abandoned first
     * @param reorderWindow how long (event time) events are held so that out-of-order arrivals are
     *     applied in event-time order; zero applies each event as it arrives
     * @param policies each brand's SLA and business hours; a wait keeps the terms of the policy in
     *     force when it opened
     * @param wallClockDeadlines also breach open waits when the wall clock passes their deadline
     *     (live mode), not only when event time does
     */
    public ConversationProcessor(
            String conversationStoreName,
            String deadlineStoreName,
            String reorderStoreName,
            String expiryStoreName,
            Duration conversationTtl,
            Duration reorderWindow,
            PolicySource policies,
            boolean wallClockDeadlines,
            LongSupplier wallClock,
            EngagementMetrics metrics) {
        this.conversationStoreName = conversationStoreName;
        this.deadlineStoreName = deadlineStoreName;
        this.reorderStoreName = reorderStoreName;
        this.expiryStoreName = expiryStoreName;
        this.conversationTtlMs = conversationTtl.toMillis();
        this.reorderWindowMs = reorderWindow.toMillis();
        this.policySource = policies;
        this.wallClockDeadlines = wallClockDeadlines;
        this.wallClock = wallClock;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, ConversationOutput> context) {
        this.context = context;
        this.conversations = context.getStateStore(conversationStoreName);
        this.policies = policySource.open(context);
        HashKeyValueStore heapConversations =
                StoreLayers.innermost(conversations, HashKeyValueStore.class).orElse(null);
        StateStore deadlineStore = context.getStateStore(deadlineStoreName);
        StateStore expiryStore = context.getStateStore(expiryStoreName);
        var deadlineSlots = StoreLayers.innermost(deadlineStore, DeadlineIndexStore.class);
        var expirySlots = StoreLayers.innermost(expiryStore, ExpiryIndexStore.class);
        LongSupplier rebuildIndexes;
        if (heapConversations != null && deadlineSlots.isPresent() && expirySlots.isPresent()) {
            // Conversations on the heap: the indexes refer to them by slot and follow their rehashes.
            this.slots = heapConversations;
            SlaDeadlineIndex.OnSlots deadlineIndex = deadlineSlots.get().attach(slots);
            ConversationExpiry.OnSlots expiryIndex = expirySlots.get().attach(slots);
            this.deadlines = deadlineIndex;
            this.expiry = expiryIndex;
            slots.relocateTo(newSlot -> {
                expiryIndex.relocate(newSlot);
                deadlineIndex.relocate(newSlot);
            });
            rebuildIndexes = () -> rebuildOnSlots(deadlineIndex, expiryIndex);
        } else {
            this.slots = null;
            this.deadlines = SlaDeadlineIndex.inStore(context.getStateStore(deadlineStoreName));
            this.expiry = ConversationExpiry.inStore(context.getStateStore(expiryStoreName));
            rebuildIndexes = this::rebuildFromStore;
        }
        if (reorderWindowMs > 0) {
            KeyValueStore<Bytes, byte[]> held = context.getStateStore(reorderStoreName);
            this.reorder = new ReorderBuffer(held);
        }
        this.taskId = context.taskId().toString();
        if (wallClockDeadlines) {
            // Live mode: a customer left waiting must not depend on someone else writing to move time on.
            context.schedule(
                    WALL_CLOCK_SWEEP,
                    PunctuationType.WALL_CLOCK_TIME,
                    now -> drainDeadlinesBefore(Math.max(eventTime, wallClock.getAsLong())));
        }
        // The deadline and expiry indexes are in memory without a changelog, so they are rebuilt
        // from the restored (committed) conversations each time the task starts here. Entries of
        // waits or conversations that have since ended are ignored when they fall due
        // (reportOverdue, evictIfIdle).
        long rebuildStarted = System.nanoTime();
        long restored = rebuildIndexes.getAsLong();
        if (restored > 0) {
            IndexRebuildLog.report(
                    taskId, restored, (System.nanoTime() - rebuildStarted) / 1_000_000, context.appConfigs());
        }
    }

    /**
     * On the heap, in one pass over the store by slot, reading of each conversation only its
     * waits: a task start of millions of conversations looks none of them up by key and builds
     * none of their maps.
     */
    private long rebuildOnSlots(SlaDeadlineIndex.OnSlots deadlineIndex, ConversationExpiry.OnSlots expiryIndex) {
        return slots.forEachValue((slot, value) -> {
            long lastEventAt = ConversationStateSerde.readWaits(
                    value,
                    (brandId, startedAt, deadlineAt, pending, pendingAt) -> restoredWait(
                            brandId,
                            startedAt,
                            deadlineAt,
                            pending,
                            () -> deadlineIndex.addSlot(slot, pendingAt, pending)));
            expiryIndex.scheduleSlot(slot, lastEventAt + conversationTtlMs);
        });
    }

    private long rebuildFromStore() {
        long restored = 0;
        try (var all = conversations.all()) {
            while (all.hasNext()) {
                var kv = all.next();
                restored++;
                String conversationId = kv.key;
                expiry.schedule(conversationId, kv.value.lastEventAt() + conversationTtlMs);
                kv.value.openWaits().forEach((customer, wait) -> {
                    SlaDeadlineIndex.Kind pending = SlaDeadlineIndex.Kind.pendingOf(wait);
                    restoredWait(
                            kv.value.brandId(),
                            wait.startedAt(),
                            wait.terms().deadlineAt(),
                            pending,
                            () -> deadlines.add(pending.at(wait.terms()), conversationId, customer, pending));
                });
            }
        }
        return restored;
    }

    /**
     * A wait this task holds as it starts: its next step, if one is left, goes into the deadline
     * index ({@code indexPending}), and it counts as an open wait of this instance now.
     */
    private void restoredWait(
            String brandId, long startedAt, long deadlineAt, SlaDeadlineIndex.Kind pending, Runnable indexPending) {
        if (pending != null) {
            indexPending.run();
        }
        metrics.waitOpened(taskId, brandId, startedAt, deadlineAt);
    }

    @Override
    public void close() {
        if (slots != null) {
            slots.relocateTo(null);
        }
        metrics.taskClosed(taskId);
    }

    @Override
    public void process(Record<String, Ingested> record) {
        observedTime = Math.max(observedTime, record.timestamp());
        long releaseTime = observedTime - reorderWindowMs;
        if (record.value() instanceof Ingested.Event e) {
            if (reorder == null) {
                apply(e.event());
            } else {
                reorder.hold(e.event());
            }
        }
        if (reorder != null) {
            reorder.releaseUpTo(releaseTime, this::apply);
        }
        eventTime = Math.max(eventTime, releaseTime);
        drainDeadlinesBefore(eventTime);
        expiry.expireBefore(
                eventTime, (conversationId, expiresAt) -> evictIfIdle(conversationId, expiresAt, eventTime));
    }

    /**
     * The expiry entry of a conversation is written once, when it starts, not moved on every event
     * (that was two changelog records per event). When it falls due, a conversation that has been
     * active since gets a new entry at its last event + ttl, or is evicted right away if that has
     * passed too.
     */
    private void evictIfIdle(String conversationId, long expiresAt, long now) {
        ConversationState state = conversations.get(conversationId);
        if (state == null) {
            return;
        }
        long idleSince = state.lastEventAt() + conversationTtlMs;
        if (idleSince > expiresAt && idleSince >= now) {
            expiry.schedule(conversationId, idleSince);
        } else {
            evict(conversationId, state, Math.max(expiresAt, idleSince));
        }
    }

    /**
     * An idle conversation leaves the store. Its open waits will never be answered here: they are
     * counted as abandoned in the window of the expiry, so the stats say so instead of forgetting.
     * A wait whose horizon has not passed yet (possible only when business hours stretch the
     * horizon past {@code conversation.ttl}) is decided unanswered there too, so every wait still
     * gets exactly one outcome.
     */
    private void evict(String conversationId, ConversationState state, long expiredAt) {
        Map<Platform, Integer> abandoned = new EnumMap<>(Platform.class);
        Map<Platform, Integer> undecided = new EnumMap<>(Platform.class);
        state.openWaits().forEach((customer, wait) -> {
            removeDeadlines(conversationId, customer, wait);
            metrics.waitClosed(
                    taskId, state.brandId(), wait.startedAt(), wait.terms().deadlineAt());
            abandoned.merge(wait.platform(), 1, Integer::sum);
            if (!wait.horizonPassed()) {
                undecided.merge(wait.platform(), 1, Integer::sum);
                metrics.waitOutcome(state.brandId(), wait.platform(), false);
            }
        });
        conversations.delete(conversationId);
        abandoned.forEach((platform, waits) -> context.forward(new Record<String, ConversationOutput>(
                state.brandId(),
                new ConversationOutput.Update(
                        BrandDelta.abandoned(platform, waits, undecided.getOrDefault(platform, 0))),
                expiredAt)));
    }

    private void apply(MessageEvent event) {
        long occurredAt = event.getOccurredAt().toEpochMilli();
        if (occurredAt > eventTime) {
            // The deadlines this event's time passes came first: deciding them before it keeps what
            // goes to the brand windows in event-time order, so a wait decided unanswered at its
            // horizon reaches its window before this event's delta moves the windows' stream time on.
            drainDeadlinesBefore(occurredAt);
        }
        String conversationId = event.getConversationId();
        ConversationState state = conversations.get(conversationId);
        if (state == null) {
            state = new ConversationState(event.getBrandId());
        }
        long previousLastEventAt = state.lastEventAt();
        Policy policy = policies.forBrand(state.brandId());
        Outcome outcome = rules.apply(state, event, policy);
        // Stored before its index entries are written: an index over the heap store's slots
        // refers to the stored entry.
        conversations.put(conversationId, state);
        if (previousLastEventAt == Long.MIN_VALUE) {
            expiry.schedule(conversationId, state.lastEventAt() + conversationTtlMs);
        }
        for (WaitChange closed : outcome.closed()) {
            removeDeadlines(conversationId, closed.customerId(), closed.pending());
        }
        for (WaitChange opened : outcome.opened()) {
            SlaTerms terms = opened.pending().terms();
            // One entry per wait at a time: the breach entry is added when the warning fires.
            deadlines.add(terms.warningAt(), conversationId, opened.customerId(), SlaDeadlineIndex.Kind.WARNING);
        }
        report(state.brandId(), event, outcome);

        for (WaitChange late : outcome.passedHorizon()) {
            // Answered after its horizon before the clock got there: the outcome the clock would have
            // decided, in the window it would have decided it in.
            forwardUnanswered(state.brandId(), late.pending());
        }
        context.forward(new Record<String, ConversationOutput>(
                state.brandId(), new ConversationOutput.Update(outcome.delta()), occurredAt));
        long now = wallClock.getAsLong();
        for (Answered answered : outcome.answered()) {
            emit(slaAlerts.answered(state.brandId(), conversationId, answered, now));
        }
        long eventTimeNow = Math.max(eventTime, occurredAt);
        for (WaitChange superseded : outcome.superseded()) {
            Wait wait = superseded.pending();
            emit(slaAlerts.superseded(
                    state.brandId(),
                    conversationId,
                    wait,
                    policy.slaClockMillis(wait.startedAt(), eventTimeNow),
                    eventTimeNow,
                    now));
        }
    }

    private void forwardUnanswered(String brandId, Wait wait) {
        metrics.waitOutcome(brandId, wait.platform(), false);
        context.forward(new Record<String, ConversationOutput>(
                brandId,
                new ConversationOutput.Update(BrandDelta.unanswered(wait.platform())),
                wait.terms().horizonAt()));
    }

    private void removeDeadlines(String conversationId, String customerId, Wait wait) {
        // Only the entry that is pending: deleting a key that is not there still writes a tombstone.
        SlaDeadlineIndex.Kind pending = SlaDeadlineIndex.Kind.pendingOf(wait);
        if (pending != null) {
            deadlines.remove(pending.at(wait.terms()), conversationId, customerId);
        }
    }

    private void report(String brandId, MessageEvent event, Outcome outcome) {
        BrandDelta delta = outcome.delta();
        metrics.message(brandId, event.getPlatform(), event.getDirection(), delta.broadcast());
        for (WaitResult result : delta.waitResults()) {
            if (result.hasSample()) {
                metrics.responseLatency(brandId, result.waitPlatform(), result.latencyMs());
            }
            if (result.outcome() == WaitResult.Outcome.ANSWERED_IN_TIME) {
                metrics.waitOutcome(brandId, result.waitPlatform(), true);
            }
            if (result.withinSla()) {
                metrics.answeredWithinSla(brandId, result.waitPlatform());
            }
            if (result.otherPlatform()) {
                metrics.answeredOnOtherPlatform(brandId, result.waitPlatform());
            }
            if (result.firstResponse()) {
                metrics.firstResponseLatency(brandId, result.waitPlatform(), result.latencyMs());
            }
        }
        if (delta.broadcastEngaged()) {
            metrics.broadcastEngaged(brandId);
        }
        for (int i = 0; i < delta.negativeLatencies(); i++) {
            metrics.negativeLatency(brandId);
        }
        for (int level : delta.depthLevelsReached()) {
            metrics.depthReached(brandId, level);
        }
        outcome.closed()
                .forEach(c -> metrics.waitClosed(
                        taskId,
                        brandId,
                        c.pending().startedAt(),
                        c.pending().terms().deadlineAt()));
        outcome.opened()
                .forEach(o -> metrics.waitOpened(
                        taskId,
                        brandId,
                        o.pending().startedAt(),
                        o.pending().terms().deadlineAt()));
    }

    private void drainDeadlinesBefore(long now) {
        deadlines.drainBefore(now, this::reportOverdue);
    }

    /**
     * A wait's deadline entry fell due before {@code now}. An entry that does not match the wait now
     * open for that customer belongs to a wait that has ended and is dropped: the index is derived
     * from the conversations, so the conversation, not the index, decides what is due. Returns the
     * wait's next deadline, or null when it has none.
     */
    private SlaDeadlineIndex.Due reportOverdue(SlaDeadlineIndex.Due due) {
        ConversationState state = conversations.get(due.conversationId());
        if (state == null) {
            return null;
        }
        Wait open = state.openWaits().get(due.customerId());
        if (open == null || due.deadline() != due.kind().at(open.terms())) {
            return null;
        }
        String customer = due.customerId();
        Wait wait = switch (due.kind()) {
            case WARNING -> rules.reportWarning(state, customer);
            case BREACH -> rules.reportBreach(state, customer);
            case HORIZON -> rules.reportUnanswered(state, customer);
        };
        if (wait == null) {
            return null;
        }
        conversations.put(due.conversationId(), state);
        long emittedAt = wallClock.getAsLong();
        return switch (due.kind()) {
            case WARNING -> {
                emit(slaAlerts.warningDue(state.brandId(), due.conversationId(), wait, emittedAt));
                yield due.then(SlaDeadlineIndex.Kind.BREACH, wait.terms().deadlineAt());
            }
            case BREACH -> {
                emit(slaAlerts.breachDue(state.brandId(), due.conversationId(), wait, emittedAt));
                yield wait.horizonPassed()
                        ? null
                        : due.then(SlaDeadlineIndex.Kind.HORIZON, wait.terms().horizonAt());
            }
            case HORIZON -> {
                forwardUnanswered(state.brandId(), wait);
                yield null;
            }
        };
    }

    private void emit(List<EngagementAlert> alerts) {
        for (EngagementAlert alert : alerts) {
            metrics.alert(alert);
            context.forward(new Record<String, ConversationOutput>(
                    alert.getAlertId(),
                    new ConversationOutput.Alert(alert),
                    alert.getDetectedAt().toEpochMilli()));
        }
    }
}
