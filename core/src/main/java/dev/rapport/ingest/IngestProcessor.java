package dev.rapport.ingest;

import dev.rapport.metrics.EngagementMetrics;
import dev.rapport.schema.MessageEvent;
import dev.rapport.serde.ConfluentAvroSerde;
import dev.rapport.serde.DecodeException;
import dev.rapport.serde.DecodeFailure;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Turns raw input records into {@link Ingested} values. Decoding happens here rather than in a
 * deserializer so that a poison pill becomes a dead letter with its cause in the headers instead
 * of stopping the application; events are re-stamped with their own occurredAt (event time).
 */
public final class IngestProcessor implements Processor<String, byte[], String, Ingested> {
    public static final String REASON_HEADER = "rapport.dlq.reason";
    public static final String DETAIL_HEADER = "rapport.dlq.detail";
    public static final String TOPIC_HEADER = "rapport.dlq.source.topic";
    public static final String PARTITION_HEADER = "rapport.dlq.source.partition";
    public static final String OFFSET_HEADER = "rapport.dlq.source.offset";

    private final ConfluentAvroSerde<MessageEvent> serde;
    private final EventContract contract;
    private final LongSupplier wallClock;
    private final EngagementMetrics metrics;
    private ProcessorContext<String, Ingested> context;

    public IngestProcessor(
            ConfluentAvroSerde<MessageEvent> serde,
            EventContract contract,
            LongSupplier wallClock,
            EngagementMetrics metrics) {
        this.serde = serde;
        this.contract = contract;
        this.wallClock = wallClock;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Ingested> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (ControlRecords.isWatermark(record.headers())) {
            context.forward(record.withValue(new Ingested.Watermark()));
            return;
        }
        MessageEvent event;
        try {
            event = serde.decode(record.value());
            if (event == null) {
                deadLetter(record, DecodeFailure.NOT_CONFLUENT_FRAMED, "record has no value");
                return;
            }
        } catch (DecodeException e) {
            deadLetter(record, e.failure(), e.getMessage());
            return;
        }
        Optional<String> violation = contract.violation(record.key(), event, wallClock.getAsLong());
        if (violation.isPresent()) {
            deadLetter(record, DecodeFailure.CONTRACT_VIOLATION, violation.get());
            return;
        }
        context.forward(record.withValue((Ingested) new Ingested.Event(event))
                .withTimestamp(event.getOccurredAt().toEpochMilli()));
    }

    private void deadLetter(Record<String, byte[]> record, DecodeFailure reason, String detail) {
        metrics.deadLetter(reason);
        Headers headers = record.headers();
        put(headers, REASON_HEADER, reason.name());
        put(headers, DETAIL_HEADER, detail);
        Optional<RecordMetadata> source = context.recordMetadata();
        source.ifPresent(meta -> {
            put(headers, TOPIC_HEADER, meta.topic());
            put(headers, PARTITION_HEADER, Integer.toString(meta.partition()));
            put(headers, OFFSET_HEADER, Long.toString(meta.offset()));
        });
        context.forward(record.withValue(new Ingested.DeadLetter(record.value(), reason, detail))
                .withHeaders(headers));
    }

    private static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
