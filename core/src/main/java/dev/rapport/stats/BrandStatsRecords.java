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

/**
 * Turns a window update into its {@code rapport.brand-stats} record, stamped with the brand's
 * policy at that moment (SLA and revision), so a policy change shows in the stats from the next
 * update on. Live monitoring gets each record too: Grafana reads only Prometheus, and the
 * responder figures exist only in these records.
 */
public final class BrandStatsRecords
        implements Processor<Windowed<String>, BrandWindowAccumulator, String, BrandWindowStats> {
    private final PolicySource policySource;
    private final EngagementMetrics metrics;
    private ProcessorContext<String, BrandWindowStats> context;
    private PolicyLookup policies;
    private String taskId;

    public BrandStatsRecords(PolicySource policySource, EngagementMetrics metrics) {
        this.policySource = policySource;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, BrandWindowStats> context) {
        this.context = context;
        this.policies = policySource.open(context);
        this.taskId = context.taskId().toString();
    }

    @Override
    public void close() {
        metrics.taskClosed(taskId);
    }

    @Override
    public void process(Record<Windowed<String>, BrandWindowAccumulator> record) {
        String brand = record.key().key();
        long start = record.key().window().start();
        Policy policy = policies.forBrand(brand);
        BrandWindowStats stats =
                record.value().toStats(brand, start, record.key().window().end());
        stats.setSlaMillis(policy.sla().toMillis());
        stats.setPolicyRevision(policy.revision());
        metrics.brandWindow(taskId, stats);
        context.forward(record.withKey(StatsKey.of(brand, start)).withValue(stats));
    }
}
