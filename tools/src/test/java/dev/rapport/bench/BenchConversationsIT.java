package dev.rapport.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar rapport.jar bench --conversations 2000 --conversations-only --json FILE} on the
 * embedded broker runs the state-at-scale phase alone for both conversation stores and writes
 * each store's figures: every conversation stored and open, heap and changelog bytes, and a
 * restore that brought every conversation back. No figure is held to a target: a shared CI
 * machine measures the machine.
 */
class BenchConversationsIT {
    private static final int CONVERSATIONS = 2_000;

    @TempDir
    Path dir;

    @Test
    void loadsAndRestoresTheConversationsOfEachStore() throws Exception {
        Path json = dir.resolve("scale.json");
        String stdout = BenchProcess.run(
                dir,
                List.of(
                        "--conversations",
                        Integer.toString(CONVERSATIONS),
                        "--conversations-only",
                        "--json",
                        json.toString()));
        assertThat(stdout).contains("State at scale: 2,000 open conversations").doesNotContain("Rapport / baseline");

        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        assertThat(figures.has("rapportRecordsPerSec"))
                .as("the throughput phases did not run")
                .isFalse();
        JsonNode scale = figures.get("stateAtScale");
        assertThat(scale.get("conversations").asLong()).isEqualTo(CONVERSATIONS);
        assertThat(scale.get("publishSeconds").asDouble()).isPositive();
        JsonNode stores = scale.get("stores");
        assertThat(stores.size()).isEqualTo(2);
        assertThat(List.of(
                        stores.get(0).get("store").asText(),
                        stores.get(1).get("store").asText()))
                .containsExactly("memory", "rocksdb");
        for (JsonNode store : stores) {
            String name = store.get("store").asText();
            assertThat(store.get("storedConversations").asLong()).as(name).isEqualTo(CONVERSATIONS);
            assertThat(store.get("openConversations").asLong()).as(name).isEqualTo(CONVERSATIONS);
            assertThat(store.get("restoredConversationRecords").asLong())
                    .as(name + ": each conversation is one changelog record, all of them restored")
                    .isEqualTo(CONVERSATIONS);
            assertThat(store.get("restoredRecords").asLong()).as(name).isGreaterThanOrEqualTo(CONVERSATIONS);
            // A conversation's key and state are on the broker at least once.
            assertThat(store.get("conversationChangelogBytes").asLong())
                    .as(name)
                    .isGreaterThanOrEqualTo(CONVERSATIONS
                            * store.get("serializedBytesPerConversation").asLong());
            assertThat(store.get("changelogBytes").asLong())
                    .as(name)
                    .isGreaterThanOrEqualTo(
                            store.get("conversationChangelogBytes").asLong());
            for (String positive : List.of(
                    "loadSeconds",
                    "loadRecordsPerSec",
                    "serializedBytesPerConversation",
                    "heapBaselineBytes",
                    "heapLoadedBytes",
                    "restoreSeconds",
                    "restoreSecondsPerMillion",
                    "restoredRecordsPerSec")) {
                assertThat(store.get(positive).isNumber())
                        .as(name + " " + positive)
                        .isTrue();
                assertThat(store.get(positive).asDouble())
                        .as(name + " " + positive)
                        .isPositive();
            }
            assertThat(store.get("restoreSeconds").asDouble())
                    .as(name + ": the later of the last restore's end and RUNNING")
                    .isEqualTo(Math.max(
                            store.get("restoreEndSeconds").asDouble(),
                            store.get("runningSeconds").asDouble()));
            assertThat(store.get("restoreSecondsPerMillion").asDouble())
                    .as(name)
                    .isGreaterThan(store.get("restoreSeconds").asDouble());
        }
    }
}
