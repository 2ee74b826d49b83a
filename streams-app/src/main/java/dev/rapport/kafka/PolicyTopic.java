package dev.rapport.kafka;

import dev.rapport.schema.BrandPolicy;
import dev.rapport.topology.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes and reads {@code rapport.brand-policies}: the brand policy overrides, latest per brand. */
public final class PolicyTopic {
    private final Properties clientProperties;
    private final Topics topics;
    private final Retrying retrying;

    public PolicyTopic(Properties clientProperties, Topics topics) {
        this(clientProperties, topics, Retrying.withDefaults());
    }

    /** @param retrying how reads and writes ride through a broker failover */
    public PolicyTopic(Properties clientProperties, Topics topics, Retrying retrying) {
        this.clientProperties = clientProperties;
        this.topics = topics;
        this.retrying = retrying;
    }

    /** Writes each brand's policy and waits until the broker has them all. */
    public void write(List<BrandPolicy> policies) {
        send(policies.stream()
                .map(p -> new ProducerRecord<>(Topics.BRAND_POLICIES, p.getBrandId(), p))
                .toList());
    }

    /** Removes {@code brandId}'s override (a tombstone): the brand returns to the default policy. */
    public void remove(String brandId) {
        send(List.of(new ProducerRecord<>(Topics.BRAND_POLICIES, brandId, null)));
    }

    /** The overrides in force, by brand. */
    public Map<String, BrandPolicy> readAll() {
        Map<String, BrandPolicy> latest = new TreeMap<>();
        for (ConsumerRecord<String, BrandPolicy> r : TopicReader.readAll(
                clientProperties,
                Topics.BRAND_POLICIES,
                new StringDeserializer(),
                topics.brandPolicies().valueSerde().deserializer(),
                retrying)) {
            if (r.value() == null) {
                latest.remove(r.key());
            } else {
                latest.put(r.key(), r.value());
            }
        }
        return latest;
    }

    private void send(List<ProducerRecord<String, BrandPolicy>> records) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // As the event publisher: sends retried through a failover, up to the retry deadline.
        long deadlineMs = retrying.deadline().toMillis();
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int)
                Math.min(Integer.MAX_VALUE, Math.max(120_000L, deadlineMs)));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, deadlineMs);
        try (KafkaProducer<String, BrandPolicy> producer = new KafkaProducer<>(
                props,
                new StringSerializer(),
                topics.brandPolicies().valueSerde().serializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            records.forEach(r -> sent.add(producer.send(r)));
            producer.flush();
            for (Future<RecordMetadata> write : sent) {
                write.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + Topics.BRAND_POLICIES, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "could not write to " + Topics.BRAND_POLICIES + ": "
                            + e.getCause().getMessage(),
                    e);
        }
    }
}
