package dev.rapport.topology;

import static dev.rapport.topology.Events.at;
import static dev.rapport.topology.Events.inbound;
import static dev.rapport.topology.Events.outbound;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code conversation.store=memory} moves conversation-state to the heap and changes nothing else:
 * the same alerts and stats, and the store is still logged, so a restart restores it.
 */
class ConversationStoreTest {

    @Test
    void onTheHeapTheTopologyComputesWhatItComputesInRocksDbAndStillLogsTheState() {
        Outcome rocksDb = run(false);
        Outcome memory = run(true);

        assertThat(rocksDb.persistent()).isTrue();
        assertThat(memory.persistent()).isFalse();
        assertThat(memory.alerts()).isEqualTo(rocksDb.alerts()).contains("SLA_BREACH FIRING c2");
        assertThat(memory.stats()).isEqualTo(rocksDb.stats()).isNotEmpty();
        assertThat(memory.changelogRecords())
                .isEqualTo(rocksDb.changelogRecords())
                .isPositive();
    }

    private record Outcome(boolean persistent, List<String> alerts, Map<String, String> stats, int changelogRecords) {}

    private static Outcome run(boolean inMemory) {
        EngagementSettings settings = EngagementSettings.builder()
                .window(Duration.ofHours(1))
                .grace(Duration.ofHours(1))
                .sla(Duration.ofMinutes(30))
                .wallClockDeadlines(false)
                .conversationsInMemory(inMemory)
                .build();
        try (TopologyHarness harness = new TopologyHarness(settings)) {
            harness.send(
                    inbound("c1", "q1", "alice", 0, null),
                    outbound("c1", "a1", 5, "q1"),
                    inbound("c1", "q2", "alice", 6, "a1"),
                    outbound("c1", "a2", 9, "q2"),
                    inbound("c2", "q3", "bob", 10, null));
            harness.watermark(at(61));
            return new Outcome(
                    harness.persistentStore(EngagementTopology.CONVERSATION_STORE),
                    harness.alerts().stream()
                            .map(a -> a.getType() + " " + a.getStatus() + " " + a.getConversationId())
                            .toList(),
                    harness.stats().entrySet().stream()
                            .collect(Collectors.toMap(
                                    Map.Entry::getKey, e -> e.getValue().toString())),
                    harness.changelog(EngagementTopology.CONVERSATION_STORE).size());
        }
    }
}
