package dev.rapport.topology;

import static dev.rapport.topology.Events.BRAND;
import static dev.rapport.topology.Events.at;
import static dev.rapport.topology.Events.inbound;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.ingest.IngestProcessor;
import dev.rapport.schema.MessageEvent;
import dev.rapport.serde.DecodeFailure;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Records Rapport cannot use go to rapport.dead-letter, unchanged, with the reason; the stream goes on. */
class DeadLetterTest {
    private final TopologyHarness harness = new TopologyHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void eachKindOfBadRecordIsDeadLetteredWithItsReasonAndTheGoodOnesAreCounted() {
        MessageEvent good = inbound("c1", "q", "alice", 0, null);
        byte[] valid = harness.encode(good);
        byte[] notFramed = "{\"json\":true}".getBytes(StandardCharsets.UTF_8);
        byte[] unknownId = valid.clone();
        unknownId[4] = 99;
        byte[] truncated = Arrays.copyOf(valid, valid.length - 3);
        MessageEvent noBrand = inbound("c2", "q2", "bob", 1, null);
        noBrand.setBrandId("");
        MessageEvent ancient = inbound("c3", "q3", "carol", 1, null);
        ancient.setOccurredAt(Instant.parse("1999-12-31T23:59:59Z"));

        harness.sendRaw("c1", notFramed, at(0))
                .sendRaw("c1", unknownId, at(0))
                .sendRaw("c1", truncated, at(0))
                .sendRaw("c2", harness.encode(noBrand), at(1))
                .sendRaw("c3", harness.encode(ancient), at(1))
                .sendRaw("wrong-key", valid, at(1))
                .send(good);

        var letters = harness.deadLetters();
        assertThat(letters)
                .extracting(r -> header(r.headers(), IngestProcessor.REASON_HEADER))
                .containsExactly(
                        DecodeFailure.NOT_CONFLUENT_FRAMED.name(),
                        DecodeFailure.UNKNOWN_SCHEMA_ID.name(),
                        DecodeFailure.AVRO_DECODE_FAILED.name(),
                        DecodeFailure.CONTRACT_VIOLATION.name(),
                        DecodeFailure.CONTRACT_VIOLATION.name(),
                        DecodeFailure.CONTRACT_VIOLATION.name());
        assertThat(letters.get(0).value()).isEqualTo(notFramed);
        assertThat(letters.get(2).value()).isEqualTo(truncated);
        TestRecord<String, byte[]> first = letters.get(0);
        assertThat(header(first.headers(), IngestProcessor.TOPIC_HEADER)).isEqualTo("rapport.messages");
        assertThat(header(first.headers(), IngestProcessor.OFFSET_HEADER)).isEqualTo("0");
        assertThat(header(first.headers(), IngestProcessor.PARTITION_HEADER)).isEqualTo("0");
        assertThat(header(letters.get(3).headers(), IngestProcessor.DETAIL_HEADER))
                .contains("brandId is missing");
        assertThat(header(letters.get(4).headers(), IngestProcessor.DETAIL_HEADER))
                .contains("before 2000");
        assertThat(header(letters.get(5).headers(), IngestProcessor.DETAIL_HEADER))
                .contains("key must be the conversationId");

        assertThat(harness.window(BRAND, at(0)).getInbound()).isEqualTo(1);
    }

    @Test
    void eventsTooFarInTheFutureAreDeadLettered() {
        MessageEvent future = inbound("c1", "q", "alice", 0, null);
        future.setOccurredAt(TopologyHarness.WALL_CLOCK.plusSeconds(2 * 86_400));
        harness.send(future);

        assertThat(harness.deadLetters())
                .singleElement()
                .satisfies(r -> assertThat(header(r.headers(), IngestProcessor.DETAIL_HEADER))
                        .contains("in the future"));
        assertThat(harness.stats()).isEmpty();
    }
}
