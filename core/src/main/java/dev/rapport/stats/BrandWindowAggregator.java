package dev.rapport.stats;

import dev.rapport.streamsinternals.CommitTimeForwarding;
import dev.rapport.streamsinternals.TaskDroppedRecords;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Window;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tumbling-window aggregation of brand deltas into {@link BrandWindowStore}, with the DSL's
 * windowed-aggregate semantics: the same windows, a record is dropped when stream time as this
 * processor has observed it is past its window's end plus grace, and the written windows are
 * forwarded with the window's largest record timestamp. A record is the sum of one window's deltas
 * over a commit interval of a conversation task ({@link BrandDeltaCombiner}), stamped with its
 * largest event time; a dropped one counts each message in it in Kafka Streams'
 * {@code dropped-records} task metric, so the metric still counts events. The store forwards windows when it writes them (at commit); they are sent on
 * as this processor's output, as the DSL's cache flush listener does.
 */
public final class BrandWindowAggregator
        implements Processor<String, BrandWindowAccumulator, Windowed<String>, BrandWindowAccumulator> {
    private static final Logger LOG = LoggerFactory.getLogger(BrandWindowAggregator.class);

    private final String storeName;
    private final TimeWindows windows;
    private BrandWindowStore store;
    private TaskDroppedRecords droppedRecords;
    /** Like the DSL's, starts afresh with each task instance: it is not restored. */
    private long observedStreamTime = ConsumerRecord.NO_TIMESTAMP;

    public BrandWindowAggregator(String storeName, TimeWindows windows) {
        this.storeName = storeName;
        this.windows = windows;
    }

    @Override
    public void init(ProcessorContext<Windowed<String>, BrandWindowAccumulator> context) {
        store = context.getStateStore(storeName);
        store.forwardTo(CommitTimeForwarding.asThisProcessor(context));
        droppedRecords = TaskDroppedRecords.of(context);
    }

    @Override
    public void process(Record<String, BrandWindowAccumulator> record) {
        observedStreamTime = Math.max(observedStreamTime, record.timestamp());
        long closeTime = observedStreamTime - windows.gracePeriodMs();
        Map<Long, ? extends Window> containing = windows.windowsFor(record.timestamp());
        for (Map.Entry<Long, ? extends Window> window : containing.entrySet()) {
            if (window.getValue().end() > closeTime) {
                store.add(record.key(), window.getKey(), record.timestamp(), record.value());
            } else {
                LOG.warn(
                        "Skipping record for expired window. messages=[{}] timestamp=[{}] window=[{},{}) expiration=[{}] streamTime=[{}]",
                        record.value().messages(),
                        record.timestamp(),
                        window.getValue().start(),
                        window.getValue().end(),
                        closeTime,
                        observedStreamTime);
                droppedRecords.count(Math.max(1, record.value().messages()));
            }
        }
    }
}
