package dev.rapport.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.config.RapportConfig;
import dev.rapport.embedded.EmbeddedKafkaBroker;
import dev.rapport.embedded.SchemaRegistryServer;
import dev.rapport.importer.EventFormat;
import dev.rapport.replay.ReplayRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Round trip: replay the sample file into a broker, {@code rapport capture} its input topic (and an output topic),
 * then {@code rapport replay --format capture} on a fresh broker must write exactly what the first replay wrote.
 */
class CaptureReplayIT {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureReplayIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void replayOfACaptureOfTheReplayInputWritesTheSameOutput() throws Exception {
        Path original = dir.resolve("original");
        Path messages = dir.resolve("messages.jsonl");
        Path stats = dir.resolve("brand-stats.jsonl");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults());
                SchemaRegistryServer registry = SchemaRegistryServer.start("127.0.0.1", 0)) {
            RapportConfig config = RapportConfig.defaults()
                    .with(Map.of(
                            "bootstrap.servers",
                            broker.bootstrapServers(),
                            "schema.registry.url",
                            registry.url(),
                            "window",
                            "1h",
                            "sla",
                            "1h"));
            new ReplayRunner(config, System.err)
                    .run(
                            EventFormat.TWCS
                                    .newImporter()
                                    .importFrom(SampleFile.path())
                                    .events(),
                            original);

            String captureOut = rapport(
                    "capture",
                    "--bootstrap-servers",
                    broker.bootstrapServers(),
                    "--schema-registry-url",
                    registry.url(),
                    "--out",
                    messages.toString());
            assertThat(captureOut).contains("stopped: end offsets reached");
            rapport(
                    "capture",
                    "--topic",
                    Topics.BRAND_STATS,
                    "--bootstrap-servers",
                    broker.bootstrapServers(),
                    "--schema-registry-url",
                    registry.url(),
                    "--out",
                    stats.toString(),
                    "--max",
                    "5");
        }

        List<JsonNode> lines = readLines(messages);
        // 3 partitions: replay appended a watermark to each after the sample's events.
        assertThat(lines).filteredOn(line -> line.get("headers").size() == 1).hasSize(3);
        assertThat(lines).filteredOn(line -> line.get("value").isObject()).hasSizeGreaterThan(80);
        assertThat(readLines(stats)).hasSize(5).allSatisfy(line -> {
            assertThat(line.get("topic").asText()).isEqualTo(Topics.BRAND_STATS);
            assertThat(line.get("key").asText())
                    .isEqualTo(line.get("value").get("brandId").asText() + "@"
                            + line.get("value").get("windowStart").asLong());
        });

        Path replayed = dir.resolve("replayed");
        String replayOut = rapport(
                "replay",
                "--input",
                messages.toString(),
                "--format",
                "capture",
                "--window",
                "1h",
                "--sla",
                "1h",
                "--out",
                replayed.toString());
        assertThat(replayOut).contains("not a message event: control record 3");
        assertThat(Files.readAllLines(replayed.resolve("brand-stats.jsonl")))
                .isNotEmpty()
                .containsExactlyElementsOf(Files.readAllLines(original.resolve("brand-stats.jsonl")));
        assertThat(withoutEmittedAt(replayed.resolve("alerts.jsonl")))
                .isNotEmpty()
                .containsExactlyElementsOf(withoutEmittedAt(original.resolve("alerts.jsonl")));
    }

    private static String rapport(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "java",
                "-jar",
                Path.of(System.getProperty("rapport.jar", "target/rapport.jar")).toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("%s failed:%n%s", command, stdout).isZero();
        LOG.info("{}:\n{}", command, stdout);
        return stdout;
    }

    private static List<JsonNode> readLines(Path file) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    /** emittedAt is the wall clock at emission, the one field two runs cannot share. */
    private static List<String> withoutEmittedAt(Path alerts) throws IOException {
        List<String> result = new ArrayList<>();
        for (String line : Files.readAllLines(alerts)) {
            ObjectNode node = (ObjectNode) JSON.readTree(line);
            assertThat(node.remove("emittedAt")).isNotNull();
            result.add(node.toString());
        }
        return result;
    }
}
