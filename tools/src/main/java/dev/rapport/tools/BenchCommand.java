package dev.rapport.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.bench.BenchResult;
import dev.rapport.bench.BenchRunner;
import dev.rapport.bench.BenchSettings;
import dev.rapport.bench.FailoverResult;
import dev.rapport.bench.FailoverSettings;
import dev.rapport.bench.ScaleReport;
import dev.rapport.cli.ConfigOptions;
import dev.rapport.config.RapportConfig;
import dev.rapport.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rapport bench}: throughput, latency, heap and state size of Rapport on this machine. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Benchmark Rapport on a Kafka cluster (embedded by default): throughput against a plain consumer "
                        + "and a minimal Kafka Streams app on the same input, end-to-end latency under live load, peak heap "
                        + "and state size, and optionally memory over a steady soak state at scale (heap, changelog and restore of N open conversations) and failover (output gap when one of two instances is killed). Prints a table; --json writes the same figures.")
final class BenchCommand implements Callable<Integer> {

    @Option(
            names = "--events",
            defaultValue = "2000000",
            paramLabel = "N",
            description = "Zipf events for the throughput phases. Default: ${DEFAULT-VALUE}.")
    long events;

    @Option(names = "--seed", defaultValue = "1", description = "Generator seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--brands",
            defaultValue = "300",
            paramLabel = "N",
            description = "Zipf brands; 1 measures the single-brand (hot task) limit. Default: ${DEFAULT-VALUE}.")
    int brands;

    @Option(
            names = "--latency-rate",
            defaultValue = "20000",
            paramLabel = "EVENTS_PER_S",
            description = "Live load of the latency phase. Default: ${DEFAULT-VALUE}.")
    double latencyRate;

    @Option(
            names = "--latency-seconds",
            defaultValue = "20",
            paramLabel = "S",
            description = "How long the latency phase produces. Default: ${DEFAULT-VALUE}.")
    long latencySeconds;

    @Option(
            names = "--instances",
            defaultValue = "1",
            paramLabel = "N",
            description =
                    "Instances of the baseline and of Rapport in the throughput phases, in this JVM. Default: ${DEFAULT-VALUE}.")
    int instances;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            description =
                    "Partitions of the topics (default: twice the stream threads, so tasks spread evenly over them).")
    String partitions;

    @Option(
            names = "--soak-seconds",
            defaultValue = "0",
            paramLabel = "S",
            description = "Then run a steady load this long and sample memory (heap after GC, RocksDB, state size); "
                    + "0 skips it. Pair with a short conversation.ttl (--set; at least response.horizon, at least sla) to see memory "
                    + "level off. Default: ${DEFAULT-VALUE}.")
    long soakSeconds;

    @Option(
            names = "--soak-rate",
            defaultValue = "5000",
            paramLabel = "EVENTS_PER_S",
            description = "Load of the soak phase. Default: ${DEFAULT-VALUE}.")
    double soakRate;

    @Option(
            names = "--soak-sample-seconds",
            defaultValue = "10",
            paramLabel = "S",
            description = "Time between the soak phase's memory readings. Default: ${DEFAULT-VALUE}.")
    long soakSampleSeconds;

    @Option(
            names = "--warmup-seconds",
            defaultValue = "20",
            paramLabel = "S",
            description = "Before its timed phase, run the baseline and then Rapport this long, untimed, so the timed "
                    + "phases measure JIT-compiled code; 0 measures them cold. Default: ${DEFAULT-VALUE}.")
    long warmupSeconds;

    @Option(
            names = "--conversations",
            defaultValue = "0",
            paramLabel = "N",
            description = "Then load N open conversations (one customer message each) into a fresh Rapport for each "
                    + "--conversation-stores value and report heap per conversation after a full GC, changelog bytes and "
                    + "the time a new instance takes to restore them; 0 skips it, else at least 1000. 10 million need "
                    + "about 16 GiB of heap (java -Xmx16g). Default: ${DEFAULT-VALUE}.")
    long conversations;

    @Option(
            names = "--conversation-stores",
            defaultValue = "memory,rocksdb",
            split = ",",
            paramLabel = "STORE",
            description =
                    "The conversation.store values --conversations measures, in order. Default: ${DEFAULT-VALUE}.")
    List<String> conversationStores;

    @Option(
            names = "--conversations-only",
            description = "Run only the --conversations phase: no throughput input, throughput, latency or soak phase.")
    boolean conversationsOnly;

    @Option(
            names = "--failover",
            description =
                    "Then measure failover: two instances of run, each a process of its own, on a broker and "
                            + "Schema Registry of their own in this JVM, share a live load; one is killed with SIGKILL and the "
                            + "phase reports the output gap of the tasks that moved, the time until the survivor runs them, "
                            + "probe latency over the minute after the kill, and whether the final windows lost or doubled output.")
    boolean failover;

    @Option(
            names = "--failover-only",
            description =
                    "Run only the --failover phase (implies --failover): no throughput input, throughput, latency, soak or state phase.")
    boolean failoverOnly;

    @Option(
            names = "--failover-rate",
            defaultValue = "20000",
            paramLabel = "EVENTS_PER_S",
            description = "Live load of the failover phase. Default: ${DEFAULT-VALUE}.")
    double failoverRate;

    @Option(
            names = "--failover-settle-seconds",
            defaultValue = "30",
            paramLabel = "S",
            description = "How long both instances run under the load before the kill. Default: ${DEFAULT-VALUE}.")
    long failoverSettleSeconds;

    @Option(
            names = "--failover-seconds",
            defaultValue = "90",
            paramLabel = "S",
            description = "How long the load goes on after the kill. Default: ${DEFAULT-VALUE}.")
    long failoverSeconds;

    @Option(
            names = "--failover-group-protocol",
            defaultValue = "classic",
            paramLabel = "classic|streams",
            description = "Rebalance protocol of the two instances (group.protocol). Default: ${DEFAULT-VALUE}.")
    String failoverGroupProtocol;

    @Option(
            names = "--failover-standby-replicas",
            defaultValue = "1",
            paramLabel = "N",
            description = "Standby replicas of each task, 0 or 1 (num.standby.replicas; a group setting of the broker "
                    + "under the streams protocol). Default: ${DEFAULT-VALUE}, Rapport's.")
    int failoverStandbyReplicas;

    @Option(
            names = "--failover-session-timeout-seconds",
            defaultValue = "6",
            paramLabel = "S",
            description = "Session timeout of the group's members, at least 6 (session.timeout.ms; a group setting "
                    + "of the broker under the streams protocol). Default: ${DEFAULT-VALUE}, Rapport's.")
    long failoverSessionTimeoutSeconds;

    @Option(
            names = "--failover-heartbeat-ms",
            defaultValue = "0",
            paramLabel = "MS",
            description = "Heartbeat interval of the group's members, at most half the session (heartbeat.interval.ms; "
                    + "a group setting of the broker under the streams protocol). Default: a third of the session, "
                    + "at most the protocol's default.")
    long failoverHeartbeatMs;

    @Option(
            names = "--failover-instance-heap",
            defaultValue = "1g",
            paramLabel = "SIZE",
            description = "Maximum heap of each instance's JVM (java -Xmx). Default: ${DEFAULT-VALUE}.")
    String failoverInstanceHeap;

    @Option(
            names = "--failover-conversations",
            defaultValue = "0",
            paramLabel = "N",
            description = "Open conversations written before the failover load starts, so the tasks that move have "
                    + "state to restore; give the instances heap for them (about 530 bytes each, all of them on the "
                    + "survivor after the kill). Default: ${DEFAULT-VALUE}.")
    long failoverConversations;

    @Option(
            names = "--failover-abort-check-ms",
            defaultValue = "1000",
            paramLabel = "MS",
            description = "How often the phase's broker aborts transactions past their timeout "
                    + "(transaction.abort.timed.out.transaction.cleanup.interval.ms): the killed instance's open "
                    + "transactions hold read_committed readers until then. Default: ${DEFAULT-VALUE}, the embedded "
                    + "broker's (Kafka's is 10000).")
    long failoverAbortCheckMs;

    @Option(
            names = "--failover-warmup-seconds",
            defaultValue = "0",
            paramLabel = "S",
            description = "Before the settle time, run both instances this long under --failover-warmup-rate, "
                    + "without probes, so that the fresh JVMs have compiled their hot code before the measured "
                    + "load. Default: ${DEFAULT-VALUE}.")
    long failoverWarmupSeconds;

    @Option(
            names = "--failover-warmup-rate",
            defaultValue = "5000",
            paramLabel = "EVENTS_PER_S",
            description = "Load of the failover warm-up. Default: ${DEFAULT-VALUE}.")
    double failoverWarmupRate;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.")
    Path json;

    @Option(
            names = "--log-file",
            paramLabel = "FILE",
            description = "Where Kafka's warnings, the embedded broker's log and Rapport's log go (errors show on the "
                    + "console too). Default: a new rapport-bench-*.log in the temp directory.")
    Path logFile;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() throws Exception {
        QuietConsole.logTo(logFile != null ? logFile : Files.createTempFile("rapport-bench-", ".log"), System.err);
        Map<String, String> flags = new LinkedHashMap<>();
        ConfigOptions.putIfSet(flags, "topic.partitions", partitions);
        // The limits of this machine: a stream thread per core, for the baseline and Rapport alike
        // (one thread leaves a core idle while it waits on exactly-once commits: 32,648 against
        // 39,760 records/s with two, in the same minutes), and partitions a multiple of the threads:
        // tasks are spread by count, so with 3 on 2 threads one thread ran two of the three
        // conversation tasks and set the pace (a 61/39 split of the work; 49/51 with 4).
        // --set and --partitions override them.
        int cores = Runtime.getRuntime().availableProcessors();
        Map<String, String> benchDefaults = Map.of(
                Setting.STREAM_THREADS.key(),
                Integer.toString(cores),
                Setting.TOPIC_PARTITIONS.key(),
                Integer.toString(2 * cores));
        RapportConfig config = configOptions.load("bench", benchDefaults, flags);
        BenchSettings settings = new BenchSettings(
                events,
                seed,
                brands,
                latencyRate,
                Duration.ofSeconds(latencySeconds),
                instances,
                Duration.ofSeconds(soakSeconds),
                soakRate,
                Duration.ofSeconds(soakSampleSeconds),
                Duration.ofSeconds(warmupSeconds),
                conversations,
                conversationStores,
                conversationsOnly);
        BenchRunner runner = new BenchRunner(config, System.err);
        boolean withFailover = failover || failoverOnly;
        FailoverSettings failoverSettings = withFailover
                ? new FailoverSettings(
                        failoverRate,
                        Duration.ofSeconds(failoverSettleSeconds),
                        Duration.ofSeconds(failoverSeconds),
                        failoverGroupProtocol,
                        failoverStandbyReplicas,
                        Duration.ofSeconds(failoverSessionTimeoutSeconds),
                        Duration.ofMillis(failoverHeartbeatMs),
                        failoverInstanceHeap,
                        failoverConversations,
                        Duration.ofMillis(failoverAbortCheckMs),
                        Duration.ofSeconds(failoverWarmupSeconds),
                        failoverWarmupRate)
                : null;
        int partitionCount = config.integer(Setting.TOPIC_PARTITIONS);
        int threads = config.integer(Setting.STREAM_THREADS);
        if (failoverOnly) {
            FailoverResult result = runner.runFailover(failoverSettings, seed);
            result.printTable(System.out);
            if (json != null) {
                result.writeJson(json, partitionCount, threads);
            }
            return 0;
        }
        if (conversationsOnly) {
            ScaleReport scale = runner.runConversationsOnly(settings);
            scale.printTable(System.out);
            if (json != null) {
                scale.writeJson(json);
            }
            return 0;
        }
        BenchResult result = runner.run(settings);
        FailoverResult failoverResult = withFailover ? runner.runFailover(failoverSettings, seed) : null;
        result.printTable(System.out);
        if (failoverResult != null) {
            failoverResult.printTable(System.out);
        }
        if (json != null) {
            ObjectNode figures = result.toJson();
            if (failoverResult != null) {
                failoverResult.addTo(figures, partitionCount, threads);
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), figures);
        }
        return 0;
    }
}
