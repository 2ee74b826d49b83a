package dev.rapport.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.config.RapportConfig;
import dev.rapport.config.StreamsProperties;
import dev.rapport.embedded.EmbeddedKafkaBroker;
import dev.rapport.kafka.CompletionWatcher;
import dev.rapport.kafka.KafkaEndpoint;
import dev.rapport.kafka.RapportTopics;
import dev.rapport.kafka.StreamsApp;
import dev.rapport.kafka.TopicReader;
import dev.rapport.kafka.TopicSetup;
import dev.rapport.registry.SchemaRegistries;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.Direction;
import dev.rapport.schema.MessageEvent;
import dev.rapport.schema.Platform;
import dev.rapport.serde.DecodeFailure;
import dev.rapport.topology.EngagementSettings;
import dev.rapport.topology.EngagementTopology;
import dev.rapport.topology.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Good events mixed with every kind of bad record, through the real topology on a real broker
 * with exactly-once: every bad record must come out on the dead-letter topic unchanged, with its
 * reason and a pointer to the original, and every good event must be counted exactly once.
 */
class PoisonPillIT {
    private static final Logger LOG = LoggerFactory.getLogger(PoisonPillIT.class);
    private static final int CONVERSATIONS = 1_000;
    private static final int BAD_PER_KIND = 25;
    private static final List<String> BRANDS =
            List.of("AcmeSupport", "GlobexCare", "InitechHelp", "UmbrellaDesk", "HooliSupport");
    private static final Instant ORIGIN = Instant.parse("2025-06-01T08:00:00Z");

    /** The bad records of the issue, each with the reason and detail ingest must give it. */
    private enum BadKind {
        NOT_CONFLUENT_FRAMED(DecodeFailure.NOT_CONFLUENT_FRAMED, "magic byte"),
        UNKNOWN_SCHEMA_ID(DecodeFailure.UNKNOWN_SCHEMA_ID, "9999"),
        AVRO_UNDECODABLE(DecodeFailure.AVRO_DECODE_FAILED, "does not decode"),
        MISSING_BRAND_ID(DecodeFailure.CONTRACT_VIOLATION, "brandId is missing"),
        MISSING_CONVERSATION_ID(DecodeFailure.CONTRACT_VIOLATION, "conversationId is missing"),
        BEFORE_2000(DecodeFailure.CONTRACT_VIOLATION, "before 2000"),
        FAR_FUTURE(DecodeFailure.CONTRACT_VIOLATION, "in the future"),
        KEY_NOT_CONVERSATION(DecodeFailure.CONTRACT_VIOLATION, "key must be the conversationId");

        final DecodeFailure reason;
        final String detail;

        BadKind(DecodeFailure reason, String detail) {
            this.reason = reason;
            this.detail = detail;
        }
    }

    private record Sent(BadKind kind, String key, byte[] value, Future<RecordMetadata> metadata) {}

    @TempDir
    Path tempDir;

    @Test
    void everyBadRecordIsDeadLetteredAndEveryGoodEventCountedOnce() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults())) {
            RapportConfig config = RapportConfig.defaults()
                    .with(Map.of(
                            "bootstrap.servers", broker.bootstrapServers(),
                            "schema.registry.url", "mock://poison-pill-it",
                            "application.id", "poison-pill-it",
                            "state.dir",
                                    Files.createDirectories(tempDir.resolve("state"))
                                            .toString(),
                            // Partitions race ahead of each other in event time; no good event may miss its window.
                            "grace", "3650d"));
            Topics topics = new Topics(SchemaRegistries.forUrl(config.schemaRegistryUrl()));
            try (KafkaEndpoint kafka = KafkaEndpoint.open(config);
                    Admin admin = Admin.create(kafka.clientProperties())) {
                TopicSetup.ensure(admin, RapportTopics.specs(config));
                List<MessageEvent> good = goodEvents();
                List<Sent> bad = publishMixed(kafka.clientProperties(), topics, good);

                Properties streamsProps = StreamsProperties.of(config, kafka.bootstrapServers());
                String appId = streamsProps.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
                try (StreamsApp app = new StreamsApp(
                                EngagementTopology.build(
                                        topics, EngagementSettings.from(config), System::currentTimeMillis),
                                streamsProps)
                        .start(Duration.ofMinutes(2))) {
                    new CompletionWatcher(
                                    admin, appId, List.of(Topics.MESSAGES, EngagementTopology.repartitionTopic(appId)))
                            .await(Duration.ofMinutes(5), app::checkHealthy, done -> {});
                }

                assertDeadLetters(kafka.clientProperties(), bad);
                assertCountedOnce(kafka.clientProperties(), topics, good);
            }
        }
    }

    private void assertDeadLetters(Properties client, List<Sent> bad) throws Exception {
        Map<String, ConsumerRecord<String, byte[]>> inputByPosition = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r :
                TopicReader.readAll(client, Topics.MESSAGES, new StringDeserializer(), new ByteArrayDeserializer())) {
            inputByPosition.put(r.partition() + "@" + r.offset(), r);
        }
        Map<String, Sent> sentByPosition = new HashMap<>();
        for (Sent sent : bad) {
            RecordMetadata meta = sent.metadata().get(30, TimeUnit.SECONDS);
            sentByPosition.put(meta.partition() + "@" + meta.offset(), sent);
        }
        List<ConsumerRecord<String, byte[]>> letters =
                TopicReader.readAll(client, Topics.DEAD_LETTER, new StringDeserializer(), new ByteArrayDeserializer());

        Map<String, Integer> perReason = new TreeMap<>();
        Map<String, Integer> perKind = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> letter : letters) {
            assertThat(header(letter, IngestProcessor.TOPIC_HEADER)).isEqualTo(Topics.MESSAGES);
            String position = header(letter, IngestProcessor.PARTITION_HEADER) + "@"
                    + header(letter, IngestProcessor.OFFSET_HEADER);
            Sent sent = sentByPosition.remove(position);
            assertThat(sent)
                    .as("dead letter pointing at %s is one of the bad records, once", position)
                    .isNotNull();
            ConsumerRecord<String, byte[]> original = inputByPosition.get(position);
            assertThat(original.value())
                    .as("the headers point at the original record")
                    .isEqualTo(sent.value());
            assertThat(letter.value()).as("the original bytes").isEqualTo(sent.value());
            assertThat(letter.key()).isEqualTo(sent.key());
            assertThat(header(letter, IngestProcessor.REASON_HEADER))
                    .as(sent.kind().name())
                    .isEqualTo(sent.kind().reason.name());
            assertThat(header(letter, IngestProcessor.DETAIL_HEADER))
                    .as(sent.kind().name())
                    .contains(sent.kind().detail);
            perReason.merge(sent.kind().reason.name(), 1, Integer::sum);
            perKind.merge(sent.kind().name(), 1, Integer::sum);
        }
        LOG.info(
                "poison-pill run: {} good events, {} dead letters; per reason {}; per kind {}",
                inputByPosition.size() - bad.size(),
                letters.size(),
                perReason,
                perKind);
        assertThat(sentByPosition)
                .as("bad records missing from the dead-letter topic")
                .isEmpty();
        assertThat(letters).hasSize(bad.size());
    }

    private void assertCountedOnce(Properties client, Topics topics, List<MessageEvent> good) {
        Map<String, BrandWindowStats> finalStats = new TreeMap<>();
        TopicReader.readAll(
                        client,
                        Topics.BRAND_STATS,
                        new StringDeserializer(),
                        topics.brandStats().valueSerde().deserializer())
                .forEach(r -> finalStats.put(r.key(), r.value()));
        Map<String, Long> countedPerBrand = new TreeMap<>();
        finalStats
                .values()
                .forEach(s -> countedPerBrand.merge(s.getBrandId(), s.getInbound() + s.getOutbound(), Long::sum));
        Map<String, Long> sentPerBrand = new TreeMap<>();
        good.forEach(e -> sentPerBrand.merge(e.getBrandId(), 1L, Long::sum));

        assertThat(countedPerBrand).isEqualTo(sentPerBrand);
        assertThat(countedPerBrand.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(good.size());
    }

    /** Question and answer a minute apart; conversations start every 30 s, so windows hold several. */
    private static List<MessageEvent> goodEvents() {
        List<MessageEvent> events = new ArrayList<>();
        for (int c = 0; c < CONVERSATIONS; c++) {
            String conversation = "conv-" + c;
            String brand = BRANDS.get(c % BRANDS.size());
            Instant asked = ORIGIN.plusSeconds(30L * c);
            events.add(
                    event(conversation, conversation + "-q", brand, Direction.INBOUND, "customer-" + c, null, asked));
            events.add(event(
                    conversation,
                    conversation + "-a",
                    brand,
                    Direction.OUTBOUND,
                    brand,
                    conversation + "-q",
                    asked.plusSeconds(60)));
        }
        events.sort((a, b) -> a.getOccurredAt().compareTo(b.getOccurredAt()));
        return events;
    }

    private static MessageEvent event(
            String conversation,
            String id,
            String brand,
            Direction direction,
            String author,
            String inReplyTo,
            Instant at) {
        return MessageEvent.newBuilder()
                .setEventId(id)
                .setPlatform(Platform.WHATSAPP)
                .setBrandId(brand)
                .setConversationId(conversation)
                .setDirection(direction)
                .setAuthorId(author)
                .setInReplyTo(inReplyTo)
                .setOccurredAt(at)
                .build();
    }

    /** Sends the good events in time order with a bad record after every tenth, cycling through the kinds. */
    private static List<Sent> publishMixed(Properties client, Topics topics, List<MessageEvent> good) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        List<Sent> bad = new ArrayList<>();
        int badTotal = BAD_PER_KIND * BadKind.values().length;
        int spacing = good.size() / badTotal;
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < good.size(); i++) {
                MessageEvent event = good.get(i);
                long timestamp = event.getOccurredAt().toEpochMilli();
                producer.send(new ProducerRecord<>(
                        Topics.MESSAGES,
                        null,
                        timestamp,
                        event.getConversationId(),
                        topics.messageSerde().encode(Topics.MESSAGES, event)));
                int n = i / spacing;
                if (i % spacing == spacing - 1 && n < badTotal) {
                    BadKind kind = BadKind.values()[n % BadKind.values().length];
                    String key = "bad-conv-" + n;
                    byte[] value = badValue(kind, key, topics, event.getOccurredAt());
                    String recordKey = kind == BadKind.KEY_NOT_CONVERSATION ? "not-" + key : key;
                    bad.add(new Sent(
                            kind,
                            recordKey,
                            value,
                            producer.send(new ProducerRecord<>(Topics.MESSAGES, null, timestamp, recordKey, value))));
                }
            }
            producer.flush();
        }
        assertThat(bad).hasSize(badTotal);
        return bad;
    }

    private static byte[] badValue(BadKind kind, String conversation, Topics topics, Instant around) {
        MessageEvent event =
                event(conversation, conversation + "-q", BRANDS.get(0), Direction.INBOUND, "mallory", null, around);
        switch (kind) {
            case NOT_CONFLUENT_FRAMED:
                return ("{\"conversationId\":\"" + conversation + "\"}").getBytes(StandardCharsets.UTF_8);
            case UNKNOWN_SCHEMA_ID: {
                byte[] framed = topics.messageSerde().encode(Topics.MESSAGES, event);
                ByteBuffer.wrap(framed, 1, 4).putInt(9999);
                return framed;
            }
            case AVRO_UNDECODABLE: {
                byte[] framed = topics.messageSerde().encode(Topics.MESSAGES, event);
                return Arrays.copyOf(framed, framed.length - 3);
            }
            case MISSING_BRAND_ID:
                event.setBrandId("");
                break;
            case MISSING_CONVERSATION_ID:
                event.setConversationId("");
                break;
            case BEFORE_2000:
                event.setOccurredAt(Instant.parse("1999-12-31T23:59:59Z"));
                break;
            case FAR_FUTURE:
                event.setOccurredAt(Instant.now().plus(Duration.ofDays(30)));
                break;
            case KEY_NOT_CONVERSATION:
                break;
        }
        return topics.messageSerde().encode(Topics.MESSAGES, event);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
