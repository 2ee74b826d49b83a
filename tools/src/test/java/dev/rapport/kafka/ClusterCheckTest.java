package dev.rapport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.config.ConfigException;
import dev.rapport.config.RapportConfig;
import dev.rapport.embedded.EmbeddedKafkaBroker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The start-up check against a broker that requires SCRAM-SHA-256 on its SASL listener. */
class ClusterCheckTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(
                EmbeddedKafkaBroker.Options.defaults().withScramUsers(Map.of("rapport", "rapport-secret")));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    /** Client properties the way Rapport builds them: from bootstrap.servers and kafka.* settings. */
    private static Properties clientProperties(String servers, String password) {
        RapportConfig config = RapportConfig.defaults()
                .with(Map.of(
                        "bootstrap.servers",
                        servers,
                        "kafka.security.protocol",
                        "SASL_PLAINTEXT",
                        "kafka.sasl.mechanism",
                        "SCRAM-SHA-256",
                        "kafka.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required"
                                + " username=\"rapport\" password=\"" + password + "\";"));
        try (KafkaEndpoint endpoint = KafkaEndpoint.open(config)) {
            return endpoint.clientProperties();
        }
    }

    @Test
    void rightCredentialsPassAndCarryRecordsThroughTheSaslListener() throws Exception {
        Properties client = clientProperties(broker.saslBootstrapServers(), "rapport-secret");

        ClusterCheck.verify(client, TIMEOUT);

        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic("sasl-round-trip", 1, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(client, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("sasl-round-trip", "conversation-1", "hello"))
                    .get(30, TimeUnit.SECONDS);
        }
        List<ConsumerRecord<String, String>> records =
                TopicReader.readAll(client, "sasl-round-trip", new StringDeserializer(), new StringDeserializer());
        assertThat(records).extracting(ConsumerRecord::value).containsExactly("hello");
    }

    @Test
    void aWrongPasswordNamesTheSecuritySettingsAndSaysAuthenticationFailed() {
        Properties client = clientProperties(broker.saslBootstrapServers(), "not-the-password");

        assertThatThrownBy(() -> ClusterCheck.verify(client, TIMEOUT))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "setting 'kafka.sasl.jaas.config' (or kafka.security.protocol): authentication failed: ")
                .hasMessageContaining("SCRAM-SHA-256")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void anUnreachableBrokerNamesBootstrapServers() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Properties client = clientProperties("127.0.0.1:" + closedPort, "rapport-secret");

        long started = System.nanoTime();
        assertThatThrownBy(() -> ClusterCheck.verify(client, Duration.ofSeconds(2)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("setting 'bootstrap.servers': cannot reach 127.0.0.1:" + closedPort + " within 2 s");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }
}
