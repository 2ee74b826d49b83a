package dev.rapport.alert;

import dev.rapport.metrics.EngagementMetrics;
import dev.rapport.policy.PolicyLookup;
import dev.rapport.policy.PolicySource;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.stats.BrandWindowAccumulator;
import dev.rapport.stats.BrandWindowStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keyed by brand, after the window aggregation: evaluates each brand window once, when it closes
 * (stream time passes its end plus grace). A closed window takes no more events, so the alerts
 * depend only on final values and never on the order in which deltas arrived. Each update
 * evaluates its brand's closed windows; a stream-time punctuation once per window length sweeps
 * the brands that went quiet, so their silence is judged too, at most one window late.
 */
public final class BrandAlertProcessor
        implements Processor<Windowed<String>, BrandWindowAccumulator, String, EngagementAlert> {
    private final String alertStoreName;
    private final String windowStoreName;
    private final Duration window;
    private final Duration grace;
    private final BrandAlertRules rules = new BrandAlertRules();
    private final PolicySource policySource;
    private PolicyLookup policies;
    private final LongSupplier wallClock;
    private final EngagementMetrics metrics;

    private ProcessorContext<String, EngagementAlert> context;
    private KeyValueStore<String, BrandAlertState> states;
    private BrandWindowStore windows;
    private String taskId;

    public BrandAlertProcessor(
            String alertStoreName,
            String windowStoreName,
            Duration window,
            Duration grace,
            PolicySource policies,
            LongSupplier wallClock,
            EngagementMetrics metrics) {
        this.alertStoreName = alertStoreName;
        this.windowStoreName = windowStoreName;
        this.window = window;
        this.grace = grace;
        this.policySource = policies;
        this.wallClock = wallClock;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, EngagementAlert> context) {
        this.context = context;
        this.states = context.getStateStore(alertStoreName);
        this.windows = context.getStateStore(windowStoreName);
        this.policies = policySource.open(context);
        this.taskId = context.taskId().toString();
        context.schedule(window, PunctuationType.STREAM_TIME, streamTime -> sweep());
        // The firing alerts live in the restored store, not in the metrics of the instance that raised them:
        // a task that starts here (restart, rebalance) reports them, and replaces anything stale it reported before.
        try (KeyValueIterator<String, BrandAlertState> it = states.all()) {
            it.forEachRemaining(kv -> metrics.brandAlertsFiring(taskId, kv.key, kv.value.firingByType()));
        }
    }

    @Override
    public void close() {
        metrics.taskClosed(taskId);
    }

    @Override
    public void process(Record<Windowed<String>, BrandWindowAccumulator> record) {
        String brand = record.key().key();
        long windowStart = record.key().window().start();
        BrandAlertState state = states.get(brand);
        if (state == null) {
            state = new BrandAlertState(windowStart);
        } else {
            state.startFrom(windowStart);
        }
        evaluateClosed(brand, state);
        states.put(brand, state);
    }

    private void sweep() {
        List<KeyValue<String, BrandAlertState>> all = new ArrayList<>();
        try (KeyValueIterator<String, BrandAlertState> it = states.all()) {
            it.forEachRemaining(all::add);
        }
        for (KeyValue<String, BrandAlertState> kv : all) {
            long before = kv.value.nextWindowStart();
            evaluateClosed(kv.key, kv.value);
            if (kv.value.nextWindowStart() != before) {
                states.put(kv.key, kv.value);
            }
        }
    }

    /** Evaluates every closed window of {@code brand} not evaluated yet, and moves {@code state} past them. */
    private void evaluateClosed(String brand, BrandAlertState state) {
        long closedUpTo = context.currentStreamTimeMs() - grace.toMillis();
        List<EngagementAlert> alerts = rules.evaluateClosed(
                state,
                brand,
                window,
                closedUpTo,
                start -> {
                    BrandWindowAccumulator value = windows.current(brand, start);
                    return value == null ? null : value.toStats(brand, start, start + window.toMillis());
                },
                policies.forBrand(brand),
                wallClock.getAsLong());
        for (EngagementAlert alert : alerts) {
            metrics.alert(alert);
            context.forward(new Record<>(
                    alert.getAlertId(), alert, alert.getDetectedAt().toEpochMilli()));
        }
        if (!alerts.isEmpty()) {
            metrics.brandAlertsFiring(taskId, brand, state.firingByType());
        }
    }
}
