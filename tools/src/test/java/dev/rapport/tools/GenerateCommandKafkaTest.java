package dev.rapport.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.embedded.EmbeddedKafkaBroker;
import dev.rapport.kafka.TopicReader;
import dev.rapport.registry.SchemaRegistries;
import dev.rapport.schema.MessageEvent;
import dev.rapport.topology.Topics;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** {@code generate} against a running broker: topics created, events keyed and timed as the topology expects. */
class GenerateCommandKafkaTest {
    private static final String REGISTRY = "mock://generate-command-test";

    @Test
    void producesEveryEventKeyedByConversationAndTimedByOccurredAt() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults())) {
            RapportCliRunner.Result generated = RapportCliRunner.run(
                    "generate",
                    "--events",
                    "2000",
                    "--seed",
                    "5",
                    "--bootstrap-servers",
                    broker.bootstrapServers(),
                    "--schema-registry-url",
                    REGISTRY);
            assertThat(generated.exitCode())
                    .as("exit code; stderr: %s", generated.stderr())
                    .isZero();

            Properties client = new Properties();
            client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            Topics topics = new Topics(SchemaRegistries.forUrl(REGISTRY));
            List<ConsumerRecord<String, MessageEvent>> records = TopicReader.readAll(
                    client,
                    Topics.MESSAGES,
                    new StringDeserializer(),
                    topics.messages().valueSerde().deserializer());

            assertThat(records).hasSize(2000).allSatisfy(r -> {
                assertThat(r.key()).isEqualTo(r.value().getConversationId());
                assertThat(r.timestamp()).isEqualTo(r.value().getOccurredAt().toEpochMilli());
            });
        }
    }
}
