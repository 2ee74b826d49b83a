package dev.rapport.kafka;

import dev.rapport.ingest.ControlRecords;
import dev.rapport.schema.MessageEvent;
import dev.rapport.topology.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes events to the input topic the way Rapport expects them: key = conversationId, record
 * timestamp = occurredAt, Avro in the Confluent format; then, for replays, a watermark on every
 * partition at the last event time so open waits are judged up to the end of the data.
 */
public final class EventPublisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final Topic<String, MessageEvent> topic;
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private final Duration retryDeadline;

    public EventPublisher(Properties clientProperties, Topic<String, MessageEvent> topic) {
        this(clientProperties, topic, Retrying.withDefaults().deadline());
    }

    /**
     * @param retryDeadline how long a record may wait for a broker to come back (a leader to be
     *     elected, enough replicas in sync) before the publisher gives up on it
     */
    public EventPublisher(Properties clientProperties, Topic<String, MessageEvent> topic, Duration retryDeadline) {
        this.retryDeadline = retryDeadline;
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // Idempotence with unlimited retries: a batch re-sent after a broker failover is written once, in order.
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        // A send is retried until the deadline, never less than Kafka's default of two minutes;
        // metadata lookups (send, partitionsFor) may block as long while no broker answers.
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int)
                Math.min(Integer.MAX_VALUE, Math.max(120_000L, retryDeadline.toMillis())));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, retryDeadline.toMillis());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /** Sends every event, calling {@code progress} with the count sent so far now and then. */
    public void publish(List<MessageEvent> events, LongConsumer progress) {
        long sent = 0;
        for (MessageEvent event : events) {
            send(event);
            if (++sent % 50_000 == 0) {
                progress.accept(sent);
            }
        }
        flush();
        progress.accept(sent);
    }

    /** Sends one event without waiting for the broker: for sources that produce events as they go. */
    public void send(MessageEvent event) {
        byte[] value = topic.valueSerde().serializer().serialize(topic.name(), event);
        producer.send(
                new ProducerRecord<>(
                        topic.name(), null, event.getOccurredAt().toEpochMilli(), event.getConversationId(), value),
                (metadata, failure) -> {
                    if (failure != null) {
                        firstFailure.compareAndSet(null, failure);
                    }
                });
    }

    /**
     * Waits until every event sent so far is acknowledged.
     *
     * @throws IllegalStateException if the broker rejected any of them: send does not wait, so this is where it shows
     */
    public void flush() {
        producer.flush();
        Exception failure = firstFailure.get();
        if (failure instanceof TimeoutException) {
            throw new IllegalStateException(
                    "gave up writing events to " + topic.name() + ": not acknowledged within the retry deadline ("
                            + Retrying.inWords(retryDeadline) + ", setting command.retry.deadline): "
                            + failure.getMessage(),
                    failure);
        }
        if (failure != null) {
            throw new IllegalStateException(
                    "events were not written to " + topic.name() + ": " + failure.getMessage(), failure);
        }
    }

    /** Appends a watermark at {@code timestamp} to every partition of the input topic. */
    public void watermarkAllPartitions(long timestamp) {
        List<PartitionInfo> partitions = producer.partitionsFor(topic.name());
        for (PartitionInfo partition : partitions) {
            producer.send(new ProducerRecord<>(
                    topic.name(), partition.partition(), timestamp, null, null, ControlRecords.watermarkHeaders()));
        }
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
