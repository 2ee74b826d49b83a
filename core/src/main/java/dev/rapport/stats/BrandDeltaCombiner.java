package dev.rapport.stats;

import dev.rapport.streamsinternals.CommitTimeForwarding;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The map-side half of the brand aggregation, in the conversation task: sums the deltas of each
 * (brand, window) until the task commits and sends each sum on once ({@link PendingBrandDeltas}),
 * so the repartition carries a record per brand and commit instead of one per event.
 */
public final class BrandDeltaCombiner implements Processor<String, BrandDelta, String, BrandWindowAccumulator> {
    private final String storeName;
    private PendingBrandDeltas pending;

    public BrandDeltaCombiner(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<String, BrandWindowAccumulator> context) {
        pending = context.getStateStore(storeName);
        pending.forwardTo(CommitTimeForwarding.asThisProcessor(context));
    }

    @Override
    public void process(Record<String, BrandDelta> record) {
        pending.add(record.key(), record.timestamp(), record.value());
    }
}
