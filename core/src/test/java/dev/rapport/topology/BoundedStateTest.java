package dev.rapport.topology;

import static dev.rapport.topology.Events.BRAND;
import static dev.rapport.topology.Events.inbound;
import static dev.rapport.topology.Events.outbound;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.schema.BrandWindowStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Idle conversations are evicted after conversation.ttl, so state stops growing under a steady
 * load once the TTL is reached; waits still open at eviction are counted as abandoned.
 */
class BoundedStateTest {
    private static final Duration TTL = Duration.ofHours(1);

    @Test
    void conversationStateStopsGrowingOnceTheTtlIsReachedAndAbandonedWaitsAreCounted() {
        EngagementSettings settings = EngagementSettings.builder()
                .window(Duration.ofHours(1))
                .grace(Duration.ofHours(1))
                .sla(Duration.ofMinutes(30))
                .responseHorizon(TTL)
                .conversationTtl(TTL)
                .wallClockDeadlines(false)
                .build();
        List<Long> sizes = new ArrayList<>();
        long abandoned;
        try (TopologyHarness harness = new TopologyHarness(settings)) {
            // Eight hours of steady traffic: a new conversation every minute, every third one never answered.
            for (int minute = 0; minute < 8 * 60; minute++) {
                String id = "c" + minute;
                harness.send(inbound(id, id + "-q", "customer" + minute, minute, null));
                if (minute % 3 != 0) {
                    harness.send(outbound(id, id + "-a", minute + 0.5, id + "-q"));
                }
                if (minute % 60 == 59) {
                    sizes.add(harness.storeEntries(EngagementTopology.CONVERSATION_STORE));
                }
            }
            abandoned = harness.stats().values().stream()
                    .mapToLong(BrandWindowStats::getAbandonedWaits)
                    .sum();
            // Conversations started in the first hour expire from 11:00 on (last event + 1 h).
            assertThat(harness.window(BRAND, Events.at(60)).getAbandonedWaits()).isPositive();
            assertThat(harness.window(BRAND, Events.at(0)).getAbandonedWaits()).isZero();
        }
        // Hour 1 holds 60 conversations; from then on about one TTL's worth stays, whatever the stream's length.
        assertThat(sizes.get(0)).isEqualTo(60);
        for (long size : sizes.subList(1, sizes.size())) {
            assertThat(size).as("conversations in state, hourly: %s", sizes).isBetween(59L, 62L);
        }
        // Every third conversation is left waiting: those started in the first 7 hours have expired.
        assertThat(abandoned).isEqualTo(7 * 60 / 3);
    }
}
