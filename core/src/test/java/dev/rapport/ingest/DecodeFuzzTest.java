package dev.rapport.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.config.RapportConfig;
import dev.rapport.config.StreamsProperties;
import dev.rapport.schema.MessageEvent;
import dev.rapport.serde.ConfluentAvroSerde;
import dev.rapport.serde.DecodeException;
import dev.rapport.serde.DecodeFailure;
import dev.rapport.serde.InMemorySchemaRegistry;
import dev.rapport.topology.EngagementSettings;
import dev.rapport.topology.EngagementTopology;
import dev.rapport.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds tens of thousands of random and damaged frames (fixed seed, so a failure reproduces) to
 * the decoder and to the ingest step of the real topology. Every input must decode to a valid
 * event or fail with a {@link DecodeException} naming the reason; nothing may throw anything
 * else, exhaust the heap or hang, because any of those would stop the stream thread on one
 * record.
 */
class DecodeFuzzTest {
    private static final Logger LOG = LoggerFactory.getLogger(DecodeFuzzTest.class);
    private static final long SEED = 20_260_501L;
    private static final int INPUTS = 24_000;
    // Generous for a decode of a few hundred bytes, even on a loaded 2-core machine.
    private static final Duration BUDGET_PER_INPUT = Duration.ofSeconds(2);
    private static final Instant WALL_CLOCK = Instant.parse("2026-11-23T12:00:00Z");
    private static final Instant OCCURRED_AT = WALL_CLOCK.minus(Duration.ofDays(3));

    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final Topics topics = new Topics(registry);
    private final ConfluentAvroSerde<MessageEvent> serde = topics.messageSerde();

    @TempDir
    Path stateDir;

    @AfterEach
    void stopWorker() {
        worker.shutdownNow();
    }

    @Test
    void everyInputDecodesToAValidEventOrFailsWithItsReason() {
        FrameFuzzer fuzzer = new FrameFuzzer(SEED, serde, Topics.MESSAGES, OCCURRED_AT);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < INPUTS; i++) {
            FrameFuzzer.Input input = fuzzer.next();
            String outcome = withinBudget(i, input, () -> decodeOutcome(input.bytes()));
            outcomes.merge(input.mutation() + " -> " + outcome, 1, Integer::sum);
        }
        LOG.info("decode fuzz, {} inputs (mutation -> outcome: count): {}", INPUTS, outcomes);

        // Guards against a fuzzer that never reaches the Avro body, or breaks every input.
        assertThat(outcomes.keySet()).anyMatch(k -> k.endsWith("decoded"));
        for (DecodeFailure reason : List.of(
                DecodeFailure.NOT_CONFLUENT_FRAMED,
                DecodeFailure.UNKNOWN_SCHEMA_ID,
                DecodeFailure.AVRO_DECODE_FAILED)) {
            assertThat(outcomes.keySet()).anyMatch(k -> k.endsWith(reason.name()));
        }
        assertThat(outcomes)
                .containsKey(FrameFuzzer.Mutation.LENGTH_PREFIX + " -> " + DecodeFailure.AVRO_DECODE_FAILED);
    }

    @Test
    void ingestDeadLettersEveryInputItCannotUseAndStopsForNone() throws Exception {
        FrameFuzzer fuzzer = new FrameFuzzer(SEED, serde, Topics.MESSAGES, OCCURRED_AT);
        EventContract contract = new EventContract(Duration.ofDays(1));
        Properties props = StreamsProperties.of(RapportConfig.defaults(), "unused:9092");
        props.put(
                "state.dir", Files.createDirectories(stateDir.resolve("state")).toString());
        // Grace back to 2000: a damaged but valid occurredAt may fall in any year the contract accepts.
        Duration grace = Duration.between(Instant.parse("2000-01-01T00:00:00Z"), WALL_CLOCK);
        EngagementSettings settings = EngagementSettings.builder()
                .window(Duration.ofHours(1))
                .grace(grace)
                .sla(Duration.ofHours(1))
                .wallClockDeadlines(false)
                .build();
        Map<String, Integer> outcomes = new TreeMap<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                EngagementTopology.build(topics, settings, WALL_CLOCK::toEpochMilli), props, WALL_CLOCK)) {
            TestInputTopic<String, byte[]> input = driver.createInputTopic(
                    Topics.MESSAGES,
                    Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            TestOutputTopic<String, byte[]> deadLetters = driver.createOutputTopic(
                    Topics.DEAD_LETTER,
                    Serdes.String().deserializer(),
                    Serdes.ByteArray().deserializer());
            for (int i = 0; i < INPUTS; i++) {
                FrameFuzzer.Input fuzzed = fuzzer.next();
                String expected = expectedIngestOutcome(fuzzed.bytes(), contract);
                List<TestRecord<String, byte[]>> letters = withinBudget(i, fuzzed, () -> {
                    input.pipeInput(FrameFuzzer.CONVERSATION, fuzzed.bytes(), OCCURRED_AT);
                    return deadLetters.readRecordsToList();
                });
                if (expected.equals("accepted")) {
                    assertThat(letters)
                            .as("input %d (%s)", i, fuzzed.mutation())
                            .isEmpty();
                } else {
                    assertThat(letters)
                            .as("input %d (%s)", i, fuzzed.mutation())
                            .singleElement()
                            .satisfies(letter -> {
                                assertThat(letter.value()).isEqualTo(fuzzed.bytes());
                                assertThat(new String(
                                                letter.headers()
                                                        .lastHeader(IngestProcessor.REASON_HEADER)
                                                        .value(),
                                                StandardCharsets.UTF_8))
                                        .isEqualTo(expected);
                            });
                }
                outcomes.merge(expected, 1, Integer::sum);
            }
        }
        LOG.info("ingest fuzz, {} inputs through the topology (outcome: count): {}", INPUTS, outcomes);
        assertThat(outcomes).containsKeys("accepted", DecodeFailure.CONTRACT_VIOLATION.name());
    }

    private String decodeOutcome(byte[] bytes) {
        try {
            MessageEvent event = serde.decode(bytes);
            assertThat(serde.decode(serde.encode(Topics.MESSAGES, event)))
                    .as("a decoded event re-encodes to the same event")
                    .isEqualTo(event);
            return "decoded";
        } catch (DecodeException e) {
            assertThat(e.failure()).isNotNull();
            return e.failure().name();
        }
    }

    /** What ingest must do with the bytes: the decoder's verdict, then the event contract's. */
    private String expectedIngestOutcome(byte[] bytes, EventContract contract) {
        try {
            MessageEvent event = serde.decode(bytes);
            return contract.violation(FrameFuzzer.CONVERSATION, event, WALL_CLOCK.toEpochMilli())
                            .isPresent()
                    ? DecodeFailure.CONTRACT_VIOLATION.name()
                    : "accepted";
        } catch (DecodeException e) {
            return e.failure().name();
        }
    }

    /** Runs one input on the worker thread: a hang or an Error (OutOfMemoryError) fails the test. */
    private <T> T withinBudget(int index, FrameFuzzer.Input input, Callable<T> work) {
        Future<T> result = worker.submit(work);
        String what = "input " + index + " (" + input.mutation() + ", "
                + HexFormat.of().formatHex(input.bytes()) + ")";
        try {
            return result.get(BUDGET_PER_INPUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new AssertionError(what + " took longer than " + BUDGET_PER_INPUT, e);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " threw " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
