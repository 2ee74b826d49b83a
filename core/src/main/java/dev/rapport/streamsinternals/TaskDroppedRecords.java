package dev.rapport.streamsinternals;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.internals.metrics.StreamsMetricsImpl;
import org.apache.kafka.streams.processor.internals.metrics.TaskMetrics;

/**
 * Kafka Streams' {@code dropped-records} task metric, for a processor that drops records the way
 * the DSL's windowed aggregate does (too late for their window), so the metric and the dashboards
 * built on it count them whether the DSL or Rapport dropped them.
 *
 * <p>Why internal: the sensor belongs to the task and is created by the internal
 * {@link TaskMetrics}; the public {@code StreamsMetrics} only adds sensors of its own under other
 * names. A public replacement would be a public handle on the built-in task sensors (none known).
 */
public final class TaskDroppedRecords {
    private final Sensor sensor;

    private TaskDroppedRecords(Sensor sensor) {
        this.sensor = sensor;
    }

    /** Call from the processor's {@code init}, on its stream thread. */
    public static TaskDroppedRecords of(ProcessorContext<?, ?> context) {
        return new TaskDroppedRecords(TaskMetrics.droppedRecordsSensor(
                Thread.currentThread().getName(), context.taskId().toString(), (StreamsMetricsImpl) context.metrics()));
    }

    /** Counts {@code records} dropped records: the sensor counts calls, so one call each. */
    public void count(long records) {
        for (long dropped = records; dropped > 0; dropped--) {
            sensor.record();
        }
    }
}
