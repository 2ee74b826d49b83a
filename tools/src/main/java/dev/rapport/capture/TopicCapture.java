package dev.rapport.capture;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.capture.CaptureResult.StopReason;
import dev.rapport.importer.CaptureFields;
import dev.rapport.kafka.Retrying;
import dev.rapport.kafka.SettledEndOffsets;
import dev.rapport.serde.SchemaRegistry;
import dev.rapport.topology.Topics;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Dumps the records of one topic as capture lines (see {@link CaptureFields}). The consumer is assigned every
 * partition and commits nothing: a capture must not move any consumer group's offsets.
 */
public final class TopicCapture {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(200);

    private final Properties clientProperties;
    private final SchemaRegistry registry;
    private final Retrying retrying;

    private static final Duration SETTLE_PATIENCE = Duration.ofSeconds(5);

    public TopicCapture(Properties clientProperties, SchemaRegistry registry) {
        this(clientProperties, registry, Retrying.withDefaults());
    }

    /** @param retrying how lookups ride through a broker failover */
    public TopicCapture(Properties clientProperties, SchemaRegistry registry, Retrying retrying) {
        this.clientProperties = clientProperties;
        this.registry = registry;
        this.retrying = retrying;
    }

    public CaptureResult run(CaptureOptions options, Writer out) throws IOException {
        long started = System.nanoTime();
        long deadline = started + options.timeout().toNanos();
        CaptureLine lines = new CaptureLine(decoderFor(options.topic()));
        long written = 0;
        long undecoded = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(options)) {
            List<TopicPartition> partitions = partitionsOf(consumer, options.topic());
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends;
            if (options.fromBeginning()) {
                consumer.seekToBeginning(partitions);
                // On a topic an exactly-once application has just written, wait briefly for its last
                // commit markers; on a busy live topic take the end as it is after a few seconds.
                ends = options.readCommitted()
                        ? SettledEndOffsets.of(clientProperties, partitions, SETTLE_PATIENCE, retrying)
                        : retrying.call(
                                "the end offsets of " + options.topic(),
                                () -> consumer.endOffsets(partitions, Retrying.ATTEMPT_TIMEOUT));
            } else {
                consumer.seekToEnd(partitions);
                ends = Map.of();
            }
            while (true) {
                if (options.fromBeginning() && reachedEnds(consumer, partitions, ends)) {
                    return result(written, undecoded, StopReason.END_OFFSETS_REACHED, started);
                }
                if (System.nanoTime() >= deadline) {
                    return result(written, undecoded, StopReason.TIMEOUT, started);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    Long end = ends.get(new TopicPartition(record.topic(), record.partition()));
                    if (end != null && record.offset() >= end) {
                        continue; // written after the start: outside the snapshot
                    }
                    ObjectNode line = lines.of(record);
                    out.write(JSON.writeValueAsString(line));
                    out.write('\n');
                    written++;
                    if (line.has(CaptureFields.VALUE_BASE64)) {
                        undecoded++;
                    }
                    if (options.maxRecords().isPresent()
                            && written >= options.maxRecords().getAsLong()) {
                        return result(written, undecoded, StopReason.MAX_RECORDS, started);
                    }
                }
            }
        } finally {
            out.flush();
        }
    }

    private ValueDecoder decoderFor(String topic) {
        return Topics.MESSAGES.equals(topic)
                ? new MessageEventDecoder(new Topics(registry).messageSerde())
                : new GenericAvroDecoder(registry);
    }

    private KafkaConsumer<byte[], byte[]> consumer(CaptureOptions options) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, options.readCommitted() ? "read_committed" : "read_uncommitted");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private boolean reachedEnds(
            KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions, Map<TopicPartition, Long> ends) {
        for (TopicPartition tp : partitions) {
            long position =
                    retrying.call("the position in " + tp, () -> consumer.position(tp, Retrying.ATTEMPT_TIMEOUT));
            if (position < ends.get(tp)) {
                return false;
            }
        }
        return true;
    }

    private List<TopicPartition> partitionsOf(KafkaConsumer<?, ?> consumer, String topic) {
        // An empty answer is the cluster's word that the topic does not exist: no use waiting for it.
        List<PartitionInfo> infos = retrying.call(
                "the partitions of " + topic, () -> consumer.partitionsFor(topic, Retrying.ATTEMPT_TIMEOUT));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("topic " + topic + " does not exist");
        }
        return infos.stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
    }

    private static CaptureResult result(long written, long undecoded, StopReason reason, long started) {
        return new CaptureResult(written, undecoded, reason, Duration.ofNanos(System.nanoTime() - started));
    }
}
