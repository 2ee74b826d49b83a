package dev.rapport.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar rapport.jar bench --events 20000 --warmup-seconds 2 --soak-seconds 6 --json FILE} on the embedded
 * broker writes every figure, each a sane value and the ratios the quotients of the rates, and the
 * soak series. No speed is asserted: a benchmark on a shared CI machine measures the machine.
 */
class BenchCommandIT {
    private static final List<String> POSITIVE = List.of(
            "events",
            "limitRecordsPerSec",
            "baselineRecordsPerSec",
            "rapportRecordsPerSec",
            "ratioToBaseline",
            "ratioToLimit",
            "baselineCpuMicrosPerEvent",
            "rapportCpuMicrosPerEvent",
            "cpuRatioToBaseline",
            "latencyP50Ms",
            "latencyP99Ms",
            "latencyToRepartitionP99Ms",
            "latencyStartUpP50Ms",
            "latencyStartUpMaxMs",
            "peakHeapBytes",
            "stateBytesPerConversation",
            "baselineInternalRecordsPerEvent",
            "rapportInternalRecordsPerEvent");

    @TempDir
    Path dir;

    @Test
    void writesEveryFigureAsJson() throws Exception {
        Path json = dir.resolve("bench.json");
        // Two instances: each must get a topology of its own (a shared one shares its global stores).
        String stdout = BenchProcess.run(
                dir,
                List.of(
                        "--events",
                        "20000",
                        "--instances",
                        "2",
                        "--latency-seconds",
                        "5",
                        "--warmup-seconds",
                        "2",
                        "--soak-seconds",
                        "6",
                        "--soak-rate",
                        "1000",
                        "--soak-sample-seconds",
                        "2",
                        "--set",
                        "sla=1s",
                        "--set",
                        "response.horizon=3s",
                        "--set",
                        "conversation.ttl=3s",
                        "--json",
                        json.toString()));
        assertThat(stdout).contains("Rapport / baseline", "end-to-end latency p99", "state per stored conversation");

        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        for (String key : POSITIVE) {
            assertThat(figures.has(key)).as("key %s in %s", key, figures).isTrue();
            assertThat(figures.get(key).isNumber()).as(key).isTrue();
            assertThat(figures.get(key).asDouble()).as(key).isPositive();
        }
        assertThat(figures.get("events").asLong()).isEqualTo(20_000);
        assertThat(figures.get("instances").asInt()).isEqualTo(2);
        assertThat(figures.get("warmupSeconds").asInt()).isEqualTo(2);
        String stderr = Files.readString(dir.resolve("stderr.txt"));
        assertThat(stderr).contains("bench: baseline warmed up for 2 s", "bench: Rapport warmed up for 2 s");
        // Kafka's warnings go to the log file the bench names, not to the console.
        assertThat(stderr).contains("rapport: log file");
        assertThat(stderr.lines().filter(line -> line.contains("WARN") && line.contains("o.a.k.")))
                .isEmpty();
        assertThat(figures.get("streamThreads").asInt())
                .as("a stream thread per core unless told otherwise")
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(figures.get("partitions").asInt())
                .as("partitions a multiple of the threads, so tasks spread evenly")
                .isEqualTo(2 * Runtime.getRuntime().availableProcessors());
        // Each event is one repartition record in the baseline, and one conversation-state changelog
        // record in Rapport (its brand deltas cross the repartition summed: BrandDeltaCombineIT).
        assertThat(figures.get("baselineInternalRecordsPerEvent").asDouble()).isGreaterThanOrEqualTo(1.0);
        assertThat(figures.get("rapportInternalRecordsPerEvent").asDouble()).isGreaterThanOrEqualTo(1.0);
        assertThat(figures.get("latencyP99Ms").asDouble())
                .isGreaterThanOrEqualTo(figures.get("latencyP50Ms").asDouble());
        // The start-up probes are counted apart: a probe every 100 ms over the 5 steady seconds.
        assertThat(figures.get("latencyProbesSent").asInt()).isEqualTo(50);
        assertThat(figures.get("latencyStartUpMaxMs").asDouble())
                .isGreaterThanOrEqualTo(figures.get("latencyStartUpP50Ms").asDouble());
        // Some garbage is made and collected in any five seconds of 20,000 events/s.
        assertThat(figures.get("latencyStreamThreadBytesPerEvent").asDouble()).isGreaterThan(100);
        assertThat(figures.get("latencyGcPauses").asInt()).isPositive();
        assertThat(figures.get("latencyGcPauseMaxMs").asDouble())
                .isPositive()
                .isLessThanOrEqualTo(figures.get("latencyGcPauseTotalMs").asDouble());
        assertThat(figures.get("latencySlowProbes").asInt())
                .isPositive()
                .isGreaterThanOrEqualTo(
                        figures.get("latencySlowProbesInGcPause").asInt());
        assertThat(figures.get("latencyProbesInGcPause").asInt())
                .isBetween(
                        figures.get("latencySlowProbesInGcPause").asInt(),
                        figures.get("latencyProbesSeen").asInt());
        double rapport = figures.get("rapportRecordsPerSec").asDouble();
        assertThat(figures.get("ratioToBaseline").asDouble())
                .isCloseTo(rapport / figures.get("baselineRecordsPerSec").asDouble(), within(1e-9));
        assertThat(figures.get("ratioToLimit").asDouble())
                .isCloseTo(rapport / figures.get("limitRecordsPerSec").asDouble(), within(1e-9));
        assertThat(figures.get("cpuRatioToBaseline").asDouble())
                .isCloseTo(
                        figures.get("baselineCpuMicrosPerEvent").asDouble()
                                / figures.get("rapportCpuMicrosPerEvent").asDouble(),
                        within(1e-9));

        JsonNode soak = figures.get("soak");
        assertThat(soak.get("rate").asDouble()).isEqualTo(1000.0);
        JsonNode samples = soak.get("samples");
        assertThat(samples.size()).isGreaterThanOrEqualTo(2);
        long previousEvents = 0;
        for (JsonNode sample : samples) {
            assertThat(sample.get("heapAfterGcBytes").asLong()).isPositive();
            assertThat(sample.get("stateDirBytes").asLong()).isPositive();
            assertThat(sample.get("eventsSent").asLong()).isGreaterThan(previousEvents);
            previousEvents = sample.get("eventsSent").asLong();
            // The soak starts at the input's end: it holds conversations of its own traffic only,
            // not of the 120,000 events the phases before it wrote.
            assertThat(sample.get("conversations").asLong()).isLessThanOrEqualTo(previousEvents);
        }
        assertThat(previousEvents).isEqualTo(6_000);
        assertThat(samples.get(samples.size() - 1).get("conversations").asLong())
                .isPositive();
        assertThat(stdout).contains("soak at 1,000 events/s");
    }
}
