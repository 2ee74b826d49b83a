package dev.rapport.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar rapport.jar bench --failover-only ...} at a small rate and short times: two
 * instances of run start as processes of their own, one is killed, and the phase writes its
 * figures. The figures themselves are not held to targets (a shared CI machine measures the
 * machine); what is checked is that the phase ran as designed: the tasks were split between the
 * instances before the kill, probes went out, and exactly-once kept every event counted once.
 */
class BenchFailoverIT {
    @TempDir
    Path dir;

    @Test
    void killsOneOfTwoInstancesAndReportsTheFailover() throws Exception {
        Path json = dir.resolve("failover.json");
        String stdout = BenchProcess.run(
                dir,
                List.of(
                        "--failover-only",
                        "--failover-rate",
                        "500",
                        "--failover-settle-seconds",
                        "15",
                        "--failover-seconds",
                        "25",
                        "--failover-instance-heap",
                        "512m",
                        "--failover-warmup-seconds",
                        "3",
                        "--failover-warmup-rate",
                        "250",
                        "--json",
                        json.toString()));
        assertThat(stdout).contains("Failover: classic protocol").doesNotContain("Rapport / baseline");

        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        assertThat(figures.has("rapportRecordsPerSec"))
                .as("the throughput phases did not run")
                .isFalse();
        JsonNode failover = figures.get("failover");
        assertThat(failover.get("groupProtocol").asText()).isEqualTo("classic");
        assertThat(failover.get("sessionTimeoutMs").asLong()).isEqualTo(6_000);
        // Rapport's failover defaults, which the phase uses unless told otherwise.
        assertThat(failover.get("standbyReplicas").asInt()).isEqualTo(1);
        assertThat(failover.get("heartbeatIntervalMs").asLong()).isEqualTo(2_000);
        assertThat(failover.get("transactionAbortCheckMs").asLong()).isEqualTo(1_000);
        assertThat(failover.get("warmupSeconds").asLong()).isEqualTo(3);
        assertThat(failover.get("warmupRate").asDouble()).isEqualTo(250);
        // The warm-up's 750 events, then 500 a second for 15 + 25 s, and one probe every 100 ms of those.
        assertThat(failover.get("expectedEvents").asLong())
                .isEqualTo(750 + 20_000 + failover.get("probesSent").asLong());

        Set<Integer> tasks = new HashSet<>();
        failover.get("movedTasks").forEach(t -> tasks.add(t.asInt()));
        int moved = tasks.size();
        failover.get("stayedTasks").forEach(t -> tasks.add(t.asInt()));
        assertThat(moved).as("the killed instance ran brand tasks").isPositive();
        assertThat(tasks.size())
                .as("each brand task ran on one of the two instances")
                .isEqualTo(figures.get("partitions").asInt());
        assertThat(failover.get("outputGapMsByTask").size()).isEqualTo(moved);
        assertThat(failover.get("resumedMsByTask").size()).isEqualTo(moved);

        for (String positive : List.of(
                "killedPid",
                "killConfirmMs",
                "outputGapMs",
                "resumedMs",
                "topicGapMs",
                "achievedRate",
                "probesSent",
                "afterKillProbesSent",
                "afterKillWindowSeconds",
                "expectedEvents",
                "expectedConversations")) {
            assertThat(failover.get(positive).isNumber()).as(positive).isTrue();
            assertThat(failover.get(positive).asDouble()).as(positive).isPositive();
        }
        for (String present : List.of(
                "stayedGapMs",
                "afterKillP50Ms",
                "afterKillP99Ms",
                "beforeKillP99Ms",
                "probesLost",
                "loadAverageAtKill",
                "loadAverageAtEnd")) {
            assertThat(failover.has(present)).as(present).isTrue();
        }
        assertThat(failover.get("afterKillProbesSeen").asInt())
                .isLessThanOrEqualTo(failover.get("afterKillProbesSent").asInt());
        // Exactly-once: the killed instance's uncommitted work is redone by the survivor, never lost or counted twice.
        assertThat(failover.get("countedEvents").asLong())
                .isEqualTo(failover.get("expectedEvents").asLong());
        assertThat(failover.get("lostEvents").asLong()).isZero();
        assertThat(failover.get("doubledEvents").asLong()).isZero();
        assertThat(failover.get("countedConversations").asLong())
                .isEqualTo(failover.get("expectedConversations").asLong());
        assertThat(failover.get("brandsDiffering").asInt()).isZero();
    }
}
