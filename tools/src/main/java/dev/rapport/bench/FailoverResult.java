package dev.rapport.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the failover phase measured. Times are ms on the bench's clock; the kill is time zero.
 *
 * @param killConfirmMs from SIGKILL until the operating system reported the process gone
 * @param movedTasks brand tasks the killed instance ran as active tasks just before the kill
 * @param stayedTasks brand tasks the surviving instance ran then
 * @param outputGapMs the longest time without committed output of any moved task, from the
 *     kill to the end of the load (it may start at the task's last output before the kill)
 * @param resumedMs from the kill until the end of that silence, the latest over the moved tasks:
 *     the survivor produces for all of them from then on
 * @param stayedGapMs the same longest silence for the tasks that did not move
 * @param topicGapMs the longest time without committed output on any partition of
 *     rapport.brand-stats (a dead producer's open transaction holds back read_committed readers of
 *     every partition it wrote to until the transaction is aborted)
 * @param beforeKillP99Ms probe latency p99 over the 20 s before the kill (or the settle time, if shorter)
 * @param afterKillSeconds the span the after-kill probe figures cover (a minute, or less if the load ended sooner)
 * @param probesLost probes of the whole phase whose output never arrived
 * @param tally the final windows summed per brand against what was produced
 */
public record FailoverResult(
        FailoverSettings settings,
        long killedPid,
        double killConfirmMs,
        List<Integer> movedTasks,
        List<Integer> stayedTasks,
        double outputGapMs,
        Map<Integer, Double> outputGapMsByTask,
        double resumedMs,
        Map<Integer, Double> resumedMsByTask,
        double stayedGapMs,
        double topicGapMs,
        double afterKillP50Ms,
        double afterKillP99Ms,
        int afterKillProbesSent,
        int afterKillProbesSeen,
        double afterKillSeconds,
        double beforeKillP50Ms,
        double beforeKillP99Ms,
        int probesSent,
        int probesLost,
        double achievedRate,
        FailoverPhase.Tally tally,
        String loadAverageAtKill,
        String loadAverageAtEnd) {

    public void addTo(ObjectNode json, int partitions, int streamThreads) {
        ObjectNode f = json.putObject("failover")
                .put("groupProtocol", settings.groupProtocol())
                .put("standbyReplicas", settings.standbyReplicas())
                .put("sessionTimeoutMs", settings.sessionTimeout().toMillis())
                .put("heartbeatIntervalMs", settings.heartbeatInterval().toMillis())
                .put("transactionAbortCheckMs", settings.abortCheck().toMillis())
                .put("rate", settings.rate())
                .put("achievedRate", achievedRate)
                .put("warmupSeconds", settings.warmup().toSeconds())
                .put("warmupRate", settings.warmupRate())
                .put("settleSeconds", settings.settle().toSeconds())
                .put("afterKillSeconds", settings.afterKill().toSeconds())
                .put("partitions", partitions)
                .put("streamThreadsPerInstance", streamThreads)
                .put("instanceHeap", settings.instanceHeap())
                .put("preloadedConversations", settings.conversations())
                .put("killedPid", killedPid)
                .put("killConfirmMs", killConfirmMs)
                .put("outputGapMs", outputGapMs)
                .put("resumedMs", resumedMs)
                .put("stayedGapMs", stayedGapMs)
                .put("topicGapMs", topicGapMs)
                .put("afterKillP50Ms", afterKillP50Ms)
                .put("afterKillP99Ms", afterKillP99Ms)
                .put("afterKillProbesSent", afterKillProbesSent)
                .put("afterKillProbesSeen", afterKillProbesSeen)
                .put("afterKillWindowSeconds", afterKillSeconds)
                .put("beforeKillP50Ms", beforeKillP50Ms)
                .put("beforeKillP99Ms", beforeKillP99Ms)
                .put("probesSent", probesSent)
                .put("probesLost", probesLost)
                .put("expectedEvents", tally.expectedEvents())
                .put("countedEvents", tally.countedEvents())
                .put("lostEvents", tally.missingEvents())
                .put("doubledEvents", tally.extraEvents())
                .put("expectedConversations", tally.expectedConversations())
                .put("countedConversations", tally.countedConversations())
                .put("lostConversations", tally.missingConversations())
                .put("doubledConversations", tally.extraConversations())
                .put("brandsDiffering", tally.brandsDiffering())
                .put("loadAverageAtKill", loadAverageAtKill)
                .put("loadAverageAtEnd", loadAverageAtEnd);
        f.putPOJO("movedTasks", movedTasks);
        f.putPOJO("stayedTasks", stayedTasks);
        ObjectNode gaps = f.putObject("outputGapMsByTask");
        outputGapMsByTask.forEach((task, ms) -> gaps.put(Integer.toString(task), ms));
        ObjectNode resumed = f.putObject("resumedMsByTask");
        resumedMsByTask.forEach((task, ms) -> resumed.put(Integer.toString(task), ms));
    }

    /** The phase's figures alone, as {@code bench --failover-only} writes them. */
    public void writeJson(Path file, int partitions, int streamThreads) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode json =
                mapper.createObjectNode().put("partitions", partitions).put("streamThreads", streamThreads);
        addTo(json, partitions, streamThreads);
        mapper.writeValue(file.toFile(), json);
    }

    public void printTable(PrintStream out) {
        out.printf(
                "Failover: %s protocol, %d standby replica(s), session timeout %d s, timed-out transactions aborted "
                        + "every %,d ms, %,d open conversations first, %d s of warm-up at %,.0f events/s, %,.0f of "
                        + "%,.0f events/s, SIGKILL after %d s, load %d s after it%n",
                settings.groupProtocol(),
                settings.standbyReplicas(),
                settings.sessionTimeout().toSeconds(),
                settings.abortCheck().toMillis(),
                settings.conversations(),
                settings.warmup().toSeconds(),
                settings.warmupRate(),
                achievedRate,
                settings.rate(),
                settings.settle().toSeconds(),
                settings.afterKill().toSeconds());
        out.printf("  %-52s %s -> survivor (it kept %s)%n", "brand tasks moved", movedTasks, stayedTasks);
        out.printf("  %-52s %,10.0f ms%n", "output gap of the moved tasks (longest)", outputGapMs);
        out.printf("  %-52s %,10.0f ms%n", "kill -> survivor produces for all moved tasks", resumedMs);
        out.printf("  %-52s %,10.0f ms%n", "output gap of the tasks that stayed", stayedGapMs);
        out.printf("  %-52s %,10.0f ms%n", "longest silence of any brand-stats partition", topicGapMs);
        out.printf(
                "  %-52s %,10.0f ms   (p50 %.0f ms; %d/%d probes over %.0f s; before the kill p99 %.0f ms)%n",
                "probe latency p99 after the kill",
                afterKillP99Ms,
                afterKillP50Ms,
                afterKillProbesSeen,
                afterKillProbesSent,
                afterKillSeconds,
                beforeKillP99Ms);
        out.printf("  %-52s %10d of %d%n", "probes lost", probesLost, probesSent);
        out.printf(
                "  %-52s %,d lost, %,d doubled of %,d events; %,d lost, %,d doubled of %,d conversations%n",
                "final windows against what was produced",
                tally.missingEvents(),
                tally.extraEvents(),
                tally.expectedEvents(),
                tally.missingConversations(),
                tally.extraConversations(),
                tally.expectedConversations());
        out.printf("  %-52s at the kill %s, at the end %s%n", "load average", loadAverageAtKill, loadAverageAtEnd);
    }
}
