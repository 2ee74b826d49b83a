package dev.rapport.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.config.FailoverDefaults;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class EmbeddedKafkaBrokerTest {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBrokerTest.class);
    private static final long HALLOWEEN_2017 =
            Instant.parse("2017-10-31T12:00:00Z").toEpochMilli();
    private static final Duration CONSUME_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void keepsRecordsWithHistoricalTimestamps() throws Exception {
        // Run the retention check constantly, so time retention would have deleted 2017 data before we read it.
        EmbeddedKafkaBroker.Options options = EmbeddedKafkaBroker.Options.defaults()
                .withBrokerProperties(Map.of(
                        "log.initial.task.delay.ms", "0",
                        "log.retention.check.interval.ms", "100"));
        try (EmbeddedKafkaBroker broker = timedStart(options)) {
            createTopic(broker.bootstrapServers(), "mentions", 3);
            try (KafkaProducer<String, String> producer = producer(broker.bootstrapServers(), Map.of())) {
                for (int i = 0; i < 1_000; i++) {
                    producer.send(new ProducerRecord<>("mentions", null, HALLOWEEN_2017 + i, "k" + i, "v" + i));
                }
                producer.flush();
            }
            Thread.sleep(1_000);

            List<ConsumerRecord<String, String>> records =
                    consumeAll(broker.bootstrapServers(), "mentions", 1_000, Map.of());

            assertThat(records).hasSize(1_000);
            assertThat(records).allSatisfy(r -> assertThat(r.timestampType()).isEqualTo(TimestampType.CREATE_TIME));
            assertThat(records)
                    .extracting(ConsumerRecord::timestamp)
                    .containsExactlyInAnyOrderElementsOf(expectedTimestamps(1_000));
        }
    }

    @Test
    void readCommittedConsumerSeesCommittedTransaction() throws Exception {
        try (EmbeddedKafkaBroker broker = timedStart(EmbeddedKafkaBroker.Options.defaults())) {
            createTopic(broker.bootstrapServers(), "scores", 1);
            try (KafkaProducer<String, String> producer =
                    producer(broker.bootstrapServers(), Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "scorer-1"))) {
                producer.initTransactions();
                producer.beginTransaction();
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("scores", "brand-" + i, String.valueOf(i)));
                }
                producer.commitTransaction();
            }

            List<ConsumerRecord<String, String>> records = consumeAll(
                    broker.bootstrapServers(),
                    "scores",
                    10,
                    Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));

            assertThat(records)
                    .extracting(ConsumerRecord::key)
                    .containsExactly(
                            "brand-0", "brand-1", "brand-2", "brand-3", "brand-4", "brand-5", "brand-6", "brand-7",
                            "brand-8", "brand-9");
        }
    }

    @Test
    void looksForTimedOutTransactionsAsOftenAsTheFailoverDefaultsAssume() throws Exception {
        try (EmbeddedKafkaBroker broker = timedStart(EmbeddedKafkaBroker.Options.defaults());
                Admin admin =
                        Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            ConfigResource node =
                    new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(BrokerProperties.NODE_ID));
            Config config = admin.describeConfigs(List.of(node))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(node);

            assertThat(config.get("transaction.abort.timed.out.transaction.cleanup.interval.ms")
                            .value())
                    .isEqualTo(Long.toString(FailoverDefaults.BROKER_TRANSACTION_ABORT_CHECK.toMillis()));
        }
    }

    @Test
    void restartOnSameDirectoryKeepsRecords(@TempDir Path dataDirectory) throws Exception {
        EmbeddedKafkaBroker.Options options =
                EmbeddedKafkaBroker.Options.defaults().withDataDirectory(dataDirectory);
        try (EmbeddedKafkaBroker broker = timedStart(options)) {
            createTopic(broker.bootstrapServers(), "mentions", 3);
            try (KafkaProducer<String, String> producer = producer(broker.bootstrapServers(), Map.of())) {
                for (int i = 0; i < 100; i++) {
                    producer.send(new ProducerRecord<>("mentions", null, HALLOWEEN_2017 + i, "k" + i, "v" + i));
                }
            }
        }

        try (EmbeddedKafkaBroker restarted = timedStart(options)) {
            List<ConsumerRecord<String, String>> records =
                    consumeAll(restarted.bootstrapServers(), "mentions", 100, Map.of());

            assertThat(records)
                    .extracting(ConsumerRecord::timestamp)
                    .containsExactlyInAnyOrderElementsOf(expectedTimestamps(100));
        }
        assertThat(dataDirectory.resolve("meta.properties")).exists();
    }

    @Test
    void scramUsersAuthenticateOnSaslListener() throws Exception {
        EmbeddedKafkaBroker.Options options =
                EmbeddedKafkaBroker.Options.defaults().withScramUsers(Map.of("alice", "alice-secret"));
        try (EmbeddedKafkaBroker broker = timedStart(options)) {
            createTopic(broker.bootstrapServers(), "secured", 1);
            Map<String, Object> alice = scram("alice", "alice-secret");
            try (KafkaProducer<String, String> producer = producer(broker.saslBootstrapServers(), alice)) {
                producer.send(new ProducerRecord<>("secured", "k", "v")).get(30, TimeUnit.SECONDS);
            }

            assertThat(consumeAll(broker.saslBootstrapServers(), "secured", 1, alice))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("v");

            Map<String, Object> impostor = new HashMap<>(scram("alice", "wrong"));
            impostor.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.saslBootstrapServers());
            try (Admin admin = Admin.create(impostor)) {
                assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        }
    }

    @Test
    void saslListenerIsAbsentWithoutScramUsers() {
        try (EmbeddedKafkaBroker broker = timedStart(EmbeddedKafkaBroker.Options.defaults())) {
            assertThatThrownBy(broker::saslBootstrapServers).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void failsClearlyWhenClientPortIsTaken() throws Exception {
        try (ServerSocket occupant = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            EmbeddedKafkaBroker.Options options =
                    EmbeddedKafkaBroker.Options.defaults().withPort(occupant.getLocalPort());

            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(options))
                    .isInstanceOf(BrokerStartupException.class)
                    .hasMessageContaining("failed to start")
                    .hasMessageContaining("127.0.0.1:" + occupant.getLocalPort());
        }
    }

    private static EmbeddedKafkaBroker timedStart(EmbeddedKafkaBroker.Options options) {
        long start = System.nanoTime();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(options);
        LOG.info("broker start-up took {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return broker;
    }

    private static List<Long> expectedTimestamps(int count) {
        List<Long> timestamps = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            timestamps.add(HALLOWEEN_2017 + i);
        }
        return timestamps;
    }

    private static void createTopic(String bootstrapServers, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrapServers, Map<String, Object> extra) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putAll(extra);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> consumeAll(
            String bootstrapServers, String topic, int expected, Map<String, Object> extra) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.putAll(extra);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + CONSUME_TIMEOUT.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static Map<String, Object> scram(String user, String password) {
        return Map.of(
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-256",
                SaslConfigs.SASL_JAAS_CONFIG,
                        "org.apache.kafka.common.security.scram.ScramLoginModule required " + "username=\"" + user
                                + "\" password=\"" + password + "\";");
    }
}
