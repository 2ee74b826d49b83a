package dev.rapport.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IndexRebuildLogTest {
    @Test
    void theTransactionTimeoutIsTheProducersUnderExactlyOnceAndKafkaStreamsOwnWithoutOne() {
        assertThat(IndexRebuildLog.transactionTimeoutMs(
                        Map.of("processing.guarantee", "exactly_once_v2", "producer.transaction.timeout.ms", "5000")))
                .hasValue(5_000);
        assertThat(IndexRebuildLog.transactionTimeoutMs(
                        Map.of("processing.guarantee", "exactly_once_v2", "transaction.timeout.ms", 20_000)))
                .hasValue(20_000);
        assertThat(IndexRebuildLog.transactionTimeoutMs(Map.of(
                        "processing.guarantee",
                        "exactly_once_v2",
                        "transaction.timeout.ms",
                        "20000",
                        "producer.transaction.timeout.ms",
                        "7000")))
                .hasValue(7_000);
        assertThat(IndexRebuildLog.transactionTimeoutMs(Map.of("processing.guarantee", "exactly_once_v2")))
                .hasValue(10_000);
        assertThat(IndexRebuildLog.transactionTimeoutMs(
                        Map.of("processing.guarantee", "at_least_once", "producer.transaction.timeout.ms", "5000")))
                .isEmpty();
    }
}
