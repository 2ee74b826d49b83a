package dev.rapport.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** The figures of one benchmark run, as a table for people and as JSON for tools. */
public record BenchResult(
        long events,
        int partitions,
        int brands,
        int instances,
        int streamThreads,
        String loadAverage,
        double limitRecordsPerSec,
        double baselineRecordsPerSec,
        double rapportRecordsPerSec,
        double baselineCpuMicrosPerEvent,
        double rapportCpuMicrosPerEvent,
        double baselineInternalRecordsPerEvent,
        double rapportInternalRecordsPerEvent,
        LatencyResult latency,
        double latencyRate,
        long peakHeapBytes,
        StateSize state,
        BenchSettings settings,
        List<SoakSample> soak,
        ScaleReport scale) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public double ratioToBaseline() {
        return rapportRecordsPerSec / baselineRecordsPerSec;
    }

    /**
     * The baseline's CPU per event over Rapport's: what the rate ratio comes to when neither phase
     * loses CPU to anything else, which on a shared machine the rates cannot promise.
     */
    public double cpuRatioToBaseline() {
        return baselineCpuMicrosPerEvent / rapportCpuMicrosPerEvent;
    }

    public double ratioToLimit() {
        return rapportRecordsPerSec / limitRecordsPerSec;
    }

    public ObjectNode toJson() {
        ObjectNode json = MAPPER.createObjectNode()
                .put("events", events)
                .put("partitions", partitions)
                .put("brands", brands)
                .put("instances", instances)
                .put("streamThreads", streamThreads)
                .put("warmupSeconds", settings.warmup().toSeconds())
                .put("loadAverage", loadAverage)
                .put("limitRecordsPerSec", limitRecordsPerSec)
                .put("baselineRecordsPerSec", baselineRecordsPerSec)
                .put("rapportRecordsPerSec", rapportRecordsPerSec)
                .put("ratioToBaseline", ratioToBaseline())
                .put("ratioToLimit", ratioToLimit())
                .put("baselineCpuMicrosPerEvent", baselineCpuMicrosPerEvent)
                .put("rapportCpuMicrosPerEvent", rapportCpuMicrosPerEvent)
                .put("cpuRatioToBaseline", cpuRatioToBaseline())
                .put("baselineInternalRecordsPerEvent", baselineInternalRecordsPerEvent)
                .put("rapportInternalRecordsPerEvent", rapportInternalRecordsPerEvent)
                .put("latencyRate", latencyRate)
                .put("latencyAchievedRate", latency.achievedRate())
                .put("latencyP50Ms", latency.p50Ms())
                .put("latencyP99Ms", latency.p99Ms())
                .put("latencyFromSendP99Ms", latency.fromSendP99Ms())
                .put("latencyToRepartitionP99Ms", latency.toRepartitionP99Ms())
                .put("latencyStartUpSeconds", LatencyPhase.START_UP.toSeconds())
                .put("latencyStartUpP50Ms", latency.startUpP50Ms())
                .put("latencyStartUpMaxMs", latency.startUpMaxMs())
                .put("latencyProbesSent", latency.probesSent())
                .put("latencyProbesSeen", latency.probesSeen())
                .put("latencyGcPauses", latency.gc().pauses())
                .put("latencyGcPauseTotalMs", latency.gc().pauseTotalMs())
                .put("latencyGcPauseMaxMs", latency.gc().pauseMaxMs())
                .put("latencySlowProbes", latency.gc().slowProbes())
                .put("latencySlowProbesInGcPause", latency.gc().slowProbesInPause())
                .put("latencyProbesInGcPause", latency.gc().probesInPause())
                .put("latencyStreamThreadBytesPerEvent", latency.streamThreadBytesPerEvent())
                .put("peakHeapBytes", peakHeapBytes)
                .put("stateBytesPerConversation", state.bytesPerConversation())
                .put("stateBytesPerOpenConversation", state.bytesPerOpenConversation())
                .put("storedConversations", state.conversations())
                .put("openConversations", state.openConversations());
        if (!soak.isEmpty()) {
            ObjectNode soakJson = json.putObject("soak")
                    .put("rate", settings.soakRate())
                    .put("seconds", settings.soakDuration().toSeconds())
                    .put("sampleSeconds", settings.soakSampleInterval().toSeconds());
            ArrayNode samples = soakJson.putArray("samples");
            soak.forEach(s -> samples.add(MAPPER.valueToTree(s)));
        }
        if (scale != null) {
            scale.addTo(json);
        }
        return json;
    }

    public void writeJson(Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toJson());
    }

    public void printTable(PrintStream out) {
        out.printf(
                "Rapport benchmark: %,d zipf events (%d brands), %d partitions, %d instance(s) x %d stream thread(s), "
                        + "%d s warm-up, load average %s%n",
                events,
                brands,
                partitions,
                instances,
                streamThreads,
                settings.warmup().toSeconds(),
                loadAverage);
        out.printf("  %-40s %,14.0f records/s%n", "limit (plain consumer + decode)", limitRecordsPerSec);
        out.printf("  %-40s %,14.0f records/s%n", "baseline (windowed count by brand)", baselineRecordsPerSec);
        out.printf("  %-40s %,14.0f records/s%n", "Rapport (full topology)", rapportRecordsPerSec);
        out.printf("  %-40s %14.2f%n", "Rapport / baseline", ratioToBaseline());
        out.printf("  %-40s %14.2f%n", "Rapport / limit", ratioToLimit());
        out.printf(
                "  %-40s %14.1f      (baseline %.1f; this JVM's CPU, the embedded broker's included)%n",
                "CPU microseconds per event", rapportCpuMicrosPerEvent, baselineCpuMicrosPerEvent);
        out.printf("  %-40s %14.2f%n", "Rapport / baseline by CPU per event", cpuRatioToBaseline());
        out.printf(
                "  %-40s %14.2f   (baseline %.2f)%n",
                "Rapport internal records per event", rapportInternalRecordsPerEvent, baselineInternalRecordsPerEvent);
        out.printf(
                "  %-40s %14.0f ms   (p99 from send %.0f ms; %d/%d probes; %,.0f of %,.0f events/s)%n",
                "end-to-end latency p50",
                latency.p50Ms(),
                latency.fromSendP99Ms(),
                latency.probesSeen(),
                latency.probesSent(),
                latency.achievedRate(),
                latencyRate);
        out.printf(
                "  %-40s %14.0f ms   (%.0f ms of it until the repartition topic)%n",
                "end-to-end latency p99", latency.p99Ms(), latency.toRepartitionP99Ms());
        out.printf(
                "  %-40s %14.0f ms   (p50 %.0f ms; the probes of the first %d s, not in the figures above)%n",
                "latency after start, slowest",
                latency.startUpMaxMs(),
                latency.startUpP50Ms(),
                LatencyPhase.START_UP.toSeconds());
        GcDuringProbes gc = latency.gc();
        out.printf(
                "  %-40s %14d        (%.0f ms in all, longest %.0f ms; slowest 1%% of probes: %d of %d in a pause;"
                        + " all probes: %d of %d)%n",
                "GC pauses, steady state",
                gc.pauses(),
                gc.pauseTotalMs(),
                gc.pauseMaxMs(),
                gc.slowProbesInPause(),
                gc.slowProbes(),
                gc.probesInPause(),
                gc.probesSeen());
        out.printf(
                "  %-40s %,14.0f bytes%n", "stream threads' allocation per event", latency.streamThreadBytesPerEvent());
        out.printf(
                "  %-40s %,14d bytes (%.0f MiB, whole JVM incl. embedded broker)%n",
                "peak heap (Rapport phase)", peakHeapBytes, peakHeapBytes / 1048576.0);
        out.printf(
                "  %-40s %14.0f bytes (%,d stored)%n",
                "state per stored conversation", state.bytesPerConversation(), state.conversations());
        out.printf(
                "  %-40s %14.0f bytes (%,d with open waits)%n",
                "state per conversation with open waits", state.bytesPerOpenConversation(), state.openConversations());
        if (!soak.isEmpty()) {
            out.printf(
                    "  soak at %,.0f events/s: seconds, events, heap after GC MiB, conversations, RocksDB keys, "
                            + "memtables MiB, block cache MiB, SST MiB, state dir MiB, load%n",
                    settings.soakRate());
            soak.forEach(s -> out.printf(
                    "  %6d %,12d %8d %,10d %,10d %6d %6d %6d %6d %6.2f%n",
                    s.seconds(),
                    s.eventsSent(),
                    s.heapAfterGcBytes() >> 20,
                    s.conversations(),
                    s.rocksDbKeys(),
                    s.rocksDbMemTableBytes() >> 20,
                    s.rocksDbBlockCacheBytes() >> 20,
                    s.rocksDbSstBytes() >> 20,
                    s.stateDirBytes() >> 20,
                    s.loadAverage()));
        }
        if (scale != null) {
            scale.printTable(out);
        }
    }
}
