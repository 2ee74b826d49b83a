package dev.rapport.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class FailoverSettingsTest {
    private static final Duration KAFKAS_ABORT_CHECK = Duration.ofSeconds(10);

    private static FailoverSettings settings(String protocol, int standbys, long sessionSeconds) {
        return settings(20_000, protocol, standbys, sessionSeconds, Duration.ZERO, "1g", KAFKAS_ABORT_CHECK);
    }

    /** The phase's load times and no preloaded conversations, with what the tests vary. */
    private static FailoverSettings settings(
            double rate,
            String protocol,
            int standbys,
            long sessionSeconds,
            Duration heartbeat,
            String heap,
            Duration abortCheck) {
        return new FailoverSettings(
                rate,
                Duration.ofSeconds(30),
                Duration.ofSeconds(90),
                protocol,
                standbys,
                Duration.ofSeconds(sessionSeconds),
                heartbeat,
                heap,
                0,
                abortCheck,
                Duration.ZERO,
                0);
    }

    @Test
    void aHeartbeatIsAThirdOfAShortSessionAndTheProtocolsDefaultOtherwise() {
        assertThat(settings("classic", 0, 6).heartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings("streams", 0, 6).heartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings("classic", 0, 45).heartbeatInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings("streams", 1, 45).heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings("STREAMS", 1, 45).streamsProtocol()).isTrue();
    }

    @Test
    void anExplicitHeartbeatIsKeptUpToHalfTheSession() {
        assertThat(withHeartbeat(Duration.ofSeconds(1)).heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(withHeartbeat(Duration.ofSeconds(3)).heartbeatInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> withHeartbeat(Duration.ofMillis(3_001))).hasMessageContaining("half the session");
        assertThatThrownBy(() -> withHeartbeat(Duration.ofSeconds(-1))).hasMessageContaining("heartbeat");
    }

    private static FailoverSettings withHeartbeat(Duration heartbeat) {
        return settings(20_000, "classic", 1, 6, heartbeat, "1g", KAFKAS_ABORT_CHECK);
    }

    @Test
    void refusesWhatTwoInstancesOrTheBrokerCannotDo() {
        assertThatThrownBy(() -> settings("consumer", 0, 45)).hasMessageContaining("classic or streams");
        assertThatThrownBy(() -> settings("classic", 2, 45)).hasMessageContaining("0 or 1");
        assertThatThrownBy(() -> settings("classic", 0, 5)).hasMessageContaining("at least 6 s");
        assertThatThrownBy(() -> settings(20_000, "classic", 0, 45, Duration.ZERO, "1 GB", KAFKAS_ABORT_CHECK))
                .hasMessageContaining("-Xmx");
        assertThatThrownBy(() -> settings(0, "classic", 0, 45, Duration.ZERO, "1g", KAFKAS_ABORT_CHECK))
                .hasMessageContaining("rate");
        assertThatThrownBy(() -> settings(20_000, "classic", 0, 45, Duration.ZERO, "1g", Duration.ZERO))
                .hasMessageContaining("abort check");
        FailoverSettings base = settings("classic", 1, 6);
        assertThatThrownBy(() -> withWarmup(base, Duration.ofSeconds(30), 0)).hasMessageContaining("warm-up rate");
        assertThatThrownBy(() -> withWarmup(base, Duration.ofSeconds(-1), 5_000))
                .hasMessageContaining("warm-up must not be negative");
        assertThat(withWarmup(base, Duration.ofSeconds(30), 5_000).warmupRate()).isEqualTo(5_000);
    }

    private static FailoverSettings withWarmup(FailoverSettings s, Duration warmup, double warmupRate) {
        return new FailoverSettings(
                s.rate(),
                s.settle(),
                s.afterKill(),
                s.groupProtocol(),
                s.standbyReplicas(),
                s.sessionTimeout(),
                s.heartbeatInterval(),
                s.instanceHeap(),
                s.conversations(),
                s.abortCheck(),
                warmup,
                warmupRate);
    }

    /**
     * The watcher must put a brand in the task the repartition topic's producer sends it to: the
     * partition Kafka's producer picks for a keyed record (its own code, called here as the oracle).
     */
    @Test
    void aBrandsTaskIsThePartitionTheProducerPicks() {
        int partitions = 4;
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String brand = "brand-" + i;
            int partition = BuiltInPartitioner.partitionForKey(brand.getBytes(StandardCharsets.UTF_8), partitions);
            seen.add(partition);
            assertThat(FailoverOutputWatcher.brandTask(brand, partitions))
                    .as(brand)
                    .isEqualTo(partition);
        }
        assertThat(seen).hasSize(partitions);
    }
}
