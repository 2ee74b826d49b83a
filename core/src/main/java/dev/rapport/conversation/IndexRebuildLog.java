package dev.rapport.conversation;

import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a conversation task's index rebuild. The rebuild runs on the stream thread when the task
 * starts, while a transaction of the thread's other tasks may be open: one that outlasts the
 * producer's transaction timeout is aborted by the broker, and all the thread's tasks restart.
 */
final class IndexRebuildLog {
    private static final Logger LOG = LoggerFactory.getLogger(IndexRebuildLog.class);
    /** Kafka Streams' own transaction timeout under exactly-once, when none is configured. */
    private static final long STREAMS_EXACTLY_ONCE_TRANSACTION_TIMEOUT_MS = 10_000;

    private IndexRebuildLog() {}

    static void report(String taskId, long conversations, long tookMs, Map<String, Object> appConfigs) {
        // A task start on millions of conversations takes seconds here; operators see where they went.
        LOG.info(
                "task {}: indexed the deadlines and expiry of {} restored conversations in {} ms",
                taskId,
                conversations,
                tookMs);
        OptionalLong timeout = transactionTimeoutMs(appConfigs);
        if (timeout.isPresent() && tookMs > timeout.getAsLong() / 2) {
            LOG.warn(
                    "task {}: the index rebuild took {} ms, more than half the producer's transaction timeout ({} ms):"
                            + " a transaction of this stream thread open meanwhile may be aborted and its tasks restarted;"
                            + " raise kafka.producer.transaction.timeout.ms, or spread the conversations over more"
                            + " partitions and stream threads (docs/configuration.md, Instance failover)",
                    taskId,
                    tookMs,
                    timeout.getAsLong());
        }
    }

    /** The transaction timeout of the stream threads' producers; empty when they open no transactions. */
    static OptionalLong transactionTimeoutMs(Map<String, Object> appConfigs) {
        if (!StreamsConfig.EXACTLY_ONCE_V2.equals(
                String.valueOf(appConfigs.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)))) {
            return OptionalLong.empty();
        }
        Object value = appConfigs.get(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG));
        if (value == null) {
            value = appConfigs.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        }
        return OptionalLong.of(
                value == null
                        ? STREAMS_EXACTLY_ONCE_TRANSACTION_TIMEOUT_MS
                        : Long.parseLong(value.toString().trim()));
    }
}
