package dev.rapport.bench;

import dev.rapport.schema.MessageEvent;
import dev.rapport.topology.Topics;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces events to the input topic as a live source would: acks=all, idempotent, keyed by
 * conversation, stamped with occurredAt. The first failed send is kept and reported by {@link #flush}.
 */
final class LiveSource implements AutoCloseable {
    private final Topics topics;
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    LiveSource(Properties clientProperties, Topics topics) {
        this.topics = topics;
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // A live source batches briefly; Rapport's own producer uses the same 5 ms.
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends {@code event}; {@code onAck} runs when the broker has appended it. */
    void send(MessageEvent event, Runnable onAck) {
        byte[] value = topics.messages().valueSerde().serializer().serialize(Topics.MESSAGES, event);
        producer.send(
                new ProducerRecord<>(
                        Topics.MESSAGES, null, event.getOccurredAt().toEpochMilli(), event.getConversationId(), value),
                (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    } else {
                        onAck.run();
                    }
                });
    }

    /** Waits until every event sent is acknowledged; fails if one could not be sent. */
    void flush(String phase) {
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException(
                    phase + " could not produce: " + failure.get().getMessage(), failure.get());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
