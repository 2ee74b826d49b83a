package dev.rapport.streamsinternals;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.BatchingStateRestoreCallback;
import org.apache.kafka.streams.processor.StateRestoreCallback;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.internals.ChangelogRecordDeserializationHelper;
import org.apache.kafka.streams.processor.internals.RecordBatchingStateRestoreCallback;
import org.apache.kafka.streams.query.Position;

/**
 * Restores a store's IQv2 {@link Position} along with its data, for a custom store that restores
 * through the public {@link BatchingStateRestoreCallback}.
 *
 * <p>The position travels in changelog record headers, and only when the internal setting
 * {@code StreamsConfig.InternalConfig.IQ_CONSISTENCY_OFFSET_VECTOR_ENABLED} is on; it is off unless
 * an application turns it on, and Rapport does not. Off, Kafka Streams calls the public callback
 * directly. On, the records' headers are needed, which the public callback does not see.
 *
 * <p>Why internal: the setting is internal, only the internal
 * {@link RecordBatchingStateRestoreCallback} receives whole changelog records, and the header
 * format is read by the internal {@link ChangelogRecordDeserializationHelper}, as Kafka's own
 * in-memory store does. A public replacement would be a restore callback that receives the
 * records' headers or the restored position (none known; KIP-796 made the position public but not
 * its changelog encoding).
 */
public final class ChangelogPositions {
    private ChangelogPositions() {}

    /**
     * The callback to register for a store whose data {@code restore} writes and whose position is
     * {@code position}: {@code restore} itself, or with the consistency vector on, {@code restore}
     * plus the position update, under the position's lock (the lock the store's queries take).
     */
    public static StateRestoreCallback restoring(
            BatchingStateRestoreCallback restore, Position position, StateStoreContext context) {
        boolean consistencyEnabled = StreamsConfig.InternalConfig.getBoolean(
                context.appConfigs(), StreamsConfig.InternalConfig.IQ_CONSISTENCY_OFFSET_VECTOR_ENABLED, false);
        if (!consistencyEnabled) {
            return restore;
        }
        return (RecordBatchingStateRestoreCallback) records -> {
            List<KeyValue<byte[], byte[]>> data = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                data.add(KeyValue.pair(record.key(), record.value()));
            }
            synchronized (position) {
                restore.restoreAll(data);
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    ChangelogRecordDeserializationHelper.applyChecksAndUpdatePosition(record, true, position);
                }
            }
        };
    }
}
