package dev.rapport.topology;

import static dev.rapport.topology.Events.at;
import static dev.rapport.topology.Events.inbound;
import static dev.rapport.topology.Events.outbound;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The time-ordered indexes hold one entry per wait and per conversation, not one per event: each
 * index write was a changelog record before the indexes moved to memory, and is still work on every event.
 * SLA 30 min (warning at 24), response horizon 1 h, conversation TTL 1 h.
 */
class IndexWritesTest {
    private final TopologyHarness harness = new TopologyHarness(EngagementSettings.builder()
            .window(Duration.ofHours(1))
            .grace(Duration.ofHours(1))
            .sla(Duration.ofMinutes(30))
            .responseHorizon(Duration.ofHours(1))
            .conversationTtl(Duration.ofHours(1))
            .wallClockDeadlines(false)
            .build());

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void aWaitHasItsWarningEntryThenItsBreachEntry() {
        harness.send(inbound("c1", "q", "alice", 0, null));
        assertThat(harness.storeEntries(EngagementTopology.DEADLINE_STORE))
                .as("the warning deadline only")
                .isEqualTo(1);

        harness.watermark(at(25));
        assertThat(harness.alerts()).hasSize(1);
        assertThat(harness.storeEntries(EngagementTopology.DEADLINE_STORE))
                .as("the breach deadline only")
                .isEqualTo(1);

        harness.send(outbound("c1", "a", 26, "q"));
        assertThat(harness.storeEntries(EngagementTopology.DEADLINE_STORE)).isZero();
    }

    @Test
    void aWarningAndABreachDueInOneStepFireInOrder() {
        harness.send(inbound("c1", "q", "alice", 0, null));
        harness.watermark(at(31));
        assertThat(harness.alerts())
                .extracting(a -> a.getType().name() + " " + a.getStatus())
                .containsExactly("SLA_WARNING FIRING", "SLA_BREACH FIRING", "SLA_WARNING RESOLVED");
        assertThat(harness.storeEntries(EngagementTopology.DEADLINE_STORE))
                .as("the horizon deadline only")
                .isEqualTo(1);
        harness.watermark(at(61));
        assertThat(harness.storeEntries(EngagementTopology.DEADLINE_STORE)).isZero();
    }

    @Test
    void anActiveConversationKeepsOneExpiryEntryAndLivesUntilItsLastEventPlusTheTtl() {
        for (int minute = 0; minute <= 90; minute += 10) {
            harness.send(
                    inbound("c1", "q" + minute, "alice", minute, null),
                    outbound("c1", "a" + minute, minute + 1, "q" + minute));
        }
        assertThat(harness.storeEntries(EngagementTopology.EXPIRY_STORE)).isEqualTo(1);
        harness.watermark(at(91 + 59));
        assertThat(harness.storeEntries(EngagementTopology.CONVERSATION_STORE))
                .as("idle for 59 min")
                .isEqualTo(1);
        harness.watermark(at(91 + 61));
        assertThat(harness.storeEntries(EngagementTopology.CONVERSATION_STORE)).isZero();
        assertThat(harness.storeEntries(EngagementTopology.EXPIRY_STORE)).isZero();
    }

    @Test
    void aStaleEntryOfAnEndedWaitIsIgnored() {
        harness.send(inbound("c1", "q1", "alice", 0, null), outbound("c1", "a1", 5, "q1"));
        harness.send(inbound("c1", "q2", "alice", 40, null));
        // An entry whose wait has ended (the first wait's breach): a due entry is checked against the
        // conversation's open waits, not trusted.
        KeyValueStore<Bytes, byte[]> index = harness.keyValueStore(EngagementTopology.DEADLINE_STORE);
        index.put(deadlineKey(at(30), "c1", "alice"), new byte[0]);

        harness.watermark(at(50));
        assertThat(harness.breaches()).as("q2 is due at 10:70, q1 was answered").isEmpty();
        harness.watermark(at(71));
        assertThat(harness.breaches())
                .singleElement()
                .satisfies(b -> assertThat(b.getEventId()).isEqualTo("q2"));
    }

    private static Bytes deadlineKey(long time, String conversation, String customer) {
        byte[] c = conversation.getBytes(StandardCharsets.UTF_8);
        byte[] u = customer.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + Integer.BYTES + c.length + u.length)
                .putLong(time)
                .putInt(c.length)
                .put(c)
                .put(u)
                .array());
    }
}
