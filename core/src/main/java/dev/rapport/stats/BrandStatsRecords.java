package dev.rapport.stats;

import dev.rapport.metrics.EngagementMetrics;
import dev.rapport.policy.Policy;
import dev.rapport.policy.PolicyLookup;
import dev.rapport.policy.PolicySource;
import dev.rapport.schema.BrandWindowStats;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Turns a window update into its {@code rapport.brand-stats} record, stamped with the brand's
 * policy at that moment (SLA and revision), so a policy change shows in the stats from the next
 * update on. Live monitoring gets each record too: Grafana reads only Prometheus, and the
 * responder figures exist only in these records. A task that starts here (restart, rebalance)
 * reports the windows its restored store holds, so a brand's responder gauges show its newest
 * window at once instead of staying empty until the brand's next event.
 */
public final class BrandStatsRecords
        implements Processor<Windowed<String>, BrandWindowAccumulator, String, BrandWindowStats> {
    private final PolicySource policySource;
    private final EngagementMetrics metrics;
    private final String windowStoreName;
    private ProcessorContext<String, BrandWindowStats> context;
    private PolicyLookup policies;
    private String taskId;

    public BrandStatsRecords(PolicySource policySource, EngagementMetrics metrics, String windowStoreName) {
        this.policySource = policySource;
        this.metrics = metrics;
        this.windowStoreName = windowStoreName;
    }

    @Override
    public void init(ProcessorContext<String, BrandWindowStats> context) {
        this.context = context;
        this.policies = policySource.open(context);
        this.taskId = context.taskId().toString();
        // The metrics keep each brand's newest window of those reported, whatever the order.
        ReadOnlyWindowStore<String, BrandWindowAccumulator> windows = context.getStateStore(windowStoreName);
        try (KeyValueIterator<Windowed<String>, BrandWindowAccumulator> restored = windows.all()) {
            restored.forEachRemaining(window -> metrics.brandWindow(taskId, stats(window.key, window.value)));
        }
    }

    @Override
    public void close() {
        metrics.taskClosed(taskId);
    }

    @Override
    public void process(Record<Windowed<String>, BrandWindowAccumulator> record) {
        BrandWindowStats stats = stats(record.key(), record.value());
        metrics.brandWindow(taskId, stats);
        context.forward(record.withKey(
                        StatsKey.of(stats.getBrandId(), record.key().window().start()))
                .withValue(stats));
    }

    private BrandWindowStats stats(Windowed<String> window, BrandWindowAccumulator value) {
        String brand = window.key();
        Policy policy = policies.forBrand(brand);
        BrandWindowStats stats =
                value.toStats(brand, window.window().start(), window.window().end());
        stats.setSlaMillis(policy.sla().toMillis());
        stats.setPolicyRevision(policy.revision());
        return stats;
    }
}
