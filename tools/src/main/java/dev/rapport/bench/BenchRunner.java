package dev.rapport.bench;

import dev.rapport.config.RapportConfig;
import dev.rapport.config.Setting;
import dev.rapport.config.StreamsProperties;
import dev.rapport.embedded.EmbeddedKafkaBroker;
import dev.rapport.embedded.LocalKafka;
import dev.rapport.embedded.SchemaRegistryServer;
import dev.rapport.files.StateDirectories;
import dev.rapport.kafka.EmptyTopicGuard;
import dev.rapport.kafka.KafkaEndpoint;
import dev.rapport.kafka.RapportTopics;
import dev.rapport.kafka.TopicSetup;
import dev.rapport.registry.SchemaRegistries;
import dev.rapport.topology.EngagementSettings;
import dev.rapport.topology.EngagementTopology;
import dev.rapport.topology.Topics;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.Topology;

/**
 * The benchmark: writes the events once, then measures on that topic, one phase after another so
 * they do not compete for the cores: the consumer limit, the runtime baseline, Rapport, and finally
 * end-to-end latency under live load, then optionally the soak and the state at scale. Each application has its own application.id and state; the
 * baseline and Rapport each get an untimed warm-up run first (its own id, thrown away).
 */
public final class BenchRunner {
    private static final int TOPIC_SETUP_ATTEMPTS = 10;
    private final RapportConfig config;
    private final PrintStream progress;

    public BenchRunner(RapportConfig config, PrintStream progress) {
        this.config = config;
        this.progress = progress;
    }

    public BenchResult run(BenchSettings settings) {
        Path stateRoot = StateDirectories.create("rapport-bench-state");
        try (KafkaEndpoint kafka = LocalKafka.open(config);
                Admin admin = Admin.create(kafka.clientProperties())) {
            Topics topics = new Topics(SchemaRegistries.forConfig(config));
            ensureTopics(admin);
            EmptyTopicGuard.requireEmpty(admin, Topics.MESSAGES, "benchmark on an empty cluster");

            long began = System.nanoTime();
            InputSpan input = InputLoad.publish(kafka.clientProperties(), topics, settings);
            step("published %,d events in %.1f s", input.events(), (System.nanoTime() - began) / 1e9);

            double limit = ConsumerLimit.measure(kafka.clientProperties(), Topics.MESSAGES, topics.messageSerde());
            step("limit %,.0f records/s", limit);

            StreamsRun.Throughput baseline = baseline(admin, kafka, topics, input, stateRoot, settings);
            double baselineInternal =
                    InternalRecords.perEvent(admin, config.applicationId() + "-bench-baseline", input.events());
            step(
                    "baseline %,.0f records/s, %.2f internal records per event, %.1f microseconds of CPU per event",
                    baseline.recordsPerSec(), baselineInternal, baseline.cpuMicrosPerRecord());

            AtomicReference<StateSize> state = new AtomicReference<>();
            StreamsRun.Throughput rapport;
            long peakHeap;
            RapportConfig rapportConfig = replayLike(input, stateRoot);
            if (!settings.warmup().isZero()) {
                RapportConfig warmup = warmupOf(rapportConfig, "rapport", stateRoot);
                StreamsRun.warmUp(
                        admin,
                        EngagementTopology.build(topics, EngagementSettings.from(warmup), System::currentTimeMillis),
                        StreamsProperties.of(warmup, kafka.bootstrapServers()),
                        settings.warmup());
                step("Rapport warmed up for %d s", settings.warmup().toSeconds());
            }
            try (HeapPeakSampler heap = new HeapPeakSampler()) {
                rapport = StreamsRun.measure(
                        admin,
                        () -> EngagementTopology.build(
                                topics, EngagementSettings.from(rapportConfig), System::currentTimeMillis),
                        StreamsProperties.of(rapportConfig, kafka.bootstrapServers()),
                        settings.instances(),
                        Topics.MESSAGES,
                        EngagementTopology.repartitionTopic(rapportConfig.applicationId()),
                        input.events(),
                        instances -> state.set(StateSize.of(instances)));
                peakHeap = heap.peakBytes();
            }
            String rapportLoad = loadAverage();
            double rapportInternal = InternalRecords.perEvent(admin, rapportConfig.applicationId(), input.events());
            step(
                    "Rapport %,.0f records/s, %.2f internal records per event, %.1f microseconds of CPU per event",
                    rapport.recordsPerSec(), rapportInternal, rapport.cpuMicrosPerRecord());

            RapportConfig liveConfig = config.with(Map.of(
                    "application.id",
                    config.applicationId() + "-bench-latency",
                    "state.dir",
                    stateRoot.resolve("latency").toString()));
            LatencyResult latency = new LatencyPhase(kafka.clientProperties(), admin, topics)
                    .run(liveConfig, kafka.bootstrapServers(), settings);
            step("latency p50 %.0f ms, p99 %.0f ms", latency.p50Ms(), latency.p99Ms());

            List<SoakSample> soak = settings.soak() ? soak(admin, kafka, topics, stateRoot, settings) : List.of();
            ScaleReport scale = settings.scale() ? scale(admin, kafka, topics, stateRoot, settings) : null;

            return new BenchResult(
                    input.events(),
                    config.integer(Setting.TOPIC_PARTITIONS),
                    settings.brands(),
                    settings.instances(),
                    config.integer(Setting.STREAM_THREADS),
                    rapportLoad,
                    limit,
                    baseline.recordsPerSec(),
                    rapport.recordsPerSec(),
                    baseline.cpuMicrosPerRecord(),
                    rapport.cpuMicrosPerRecord(),
                    baselineInternal,
                    rapportInternal,
                    latency,
                    settings.latencyRate(),
                    peakHeap,
                    state.get(),
                    settings,
                    soak,
                    scale);
        } finally {
            StateDirectories.delete(stateRoot);
        }
    }

    /**
     * The state-at-scale phase alone: it needs neither the throughput input nor the phases that
     * read it, so at ten million conversations it does not wait minutes for them.
     */
    public ScaleReport runConversationsOnly(BenchSettings settings) {
        if (!settings.scale()) {
            throw new IllegalArgumentException("no conversations to load");
        }
        Path stateRoot = StateDirectories.create("rapport-bench-state");
        try (KafkaEndpoint kafka = LocalKafka.open(config);
                Admin admin = Admin.create(kafka.clientProperties())) {
            Topics topics = new Topics(SchemaRegistries.forConfig(config));
            ensureTopics(admin);
            EmptyTopicGuard.requireEmpty(admin, Topics.MESSAGES, "benchmark on an empty cluster");
            return scale(admin, kafka, topics, stateRoot, settings);
        } finally {
            StateDirectories.delete(stateRoot);
        }
    }

    /**
     * The failover phase on a broker and Schema Registry of its own, started in this JVM: the
     * instances are separate processes and need a registry they can reach over HTTP, and the
     * broker must accept the short sessions and the streams protocol settings the phase asks for.
     */
    public FailoverResult runFailover(FailoverSettings failover, long seed) {
        if (config.bootstrapServers().isPresent()) {
            throw new IllegalArgumentException(
                    "the failover phase runs on a broker of its own; leave bootstrap.servers unset");
        }
        Path stateRoot = StateDirectories.create("rapport-bench-failover");
        long start = System.nanoTime();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(
                        EmbeddedKafkaBroker.Options.defaults().withBrokerProperties(failoverBroker(failover)));
                SchemaRegistryServer registry = SchemaRegistryServer.start("127.0.0.1", 0)) {
            RapportConfig failoverConfig = config.with(Map.of(
                    "bootstrap.servers",
                    broker.bootstrapServers(),
                    "schema.registry.url",
                    registry.url(),
                    "application.id",
                    config.applicationId() + "-bench-failover"));
            try (KafkaEndpoint kafka = KafkaEndpoint.ownBroker(
                            broker.bootstrapServers(),
                            failoverConfig,
                            () -> {},
                            (System.nanoTime() - start) / 1_000_000);
                    Admin admin = Admin.create(kafka.clientProperties())) {
                ensureTopics(admin);
                Topics topics = new Topics(SchemaRegistries.forUrl(registry.url()));
                FailoverResult result = new FailoverPhase(
                                kafka.clientProperties(), admin, topics, line -> step("failover: %s", line))
                        .run(failoverConfig, instanceSettings(failoverConfig, failover), stateRoot, failover, seed);
                step(
                        "failover: output gap %.0f ms, survivor produces for all moved tasks %.0f ms after the kill, "
                                + "p99 after the kill %.0f ms",
                        result.outputGapMs(), result.resumedMs(), result.afterKillP99Ms());
                return result;
            }
        } finally {
            keepLogs(stateRoot);
            StateDirectories.delete(stateRoot);
        }
    }

    /** The instances' logs outlive their state when BENCH_FAILOVER_LOGS names a directory to keep them in. */
    private void keepLogs(Path stateRoot) {
        String keep = System.getenv("BENCH_FAILOVER_LOGS");
        if (keep == null || keep.isBlank()) {
            return;
        }
        try (var logs = java.nio.file.Files.list(stateRoot)) {
            java.nio.file.Files.createDirectories(Path.of(keep));
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                java.nio.file.Files.copy(
                        log,
                        Path.of(keep).resolve(log.getFileName()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (java.io.IOException e) {
            step("failover: could not keep the instances' logs in %s: %s", keep, e.getMessage());
        }
    }

    /**
     * Under the streams protocol the session, heartbeat and standby settings are the group's, not
     * the client's: the broker's defaults for streams groups carry the phase's values, and its
     * lower bounds (45 s and 5 s by default) let the short sessions through. How often the broker
     * aborts timed-out transactions is the cluster's part of a failover under either protocol.
     */
    private static Map<String, String> failoverBroker(FailoverSettings failover) {
        return Map.of(
                "transaction.abort.timed.out.transaction.cleanup.interval.ms",
                Long.toString(failover.abortCheck().toMillis()),
                "group.streams.session.timeout.ms",
                Long.toString(failover.sessionTimeout().toMillis()),
                "group.streams.min.session.timeout.ms",
                Long.toString(FailoverSettings.MIN_SESSION_TIMEOUT.toMillis()),
                "group.streams.heartbeat.interval.ms",
                Long.toString(failover.heartbeatInterval().toMillis()),
                "group.streams.min.heartbeat.interval.ms",
                Long.toString(Math.min(1000, failover.heartbeatInterval().toMillis())),
                "group.streams.num.standby.replicas",
                Integer.toString(failover.standbyReplicas()));
    }

    /**
     * What both instances are started with: every setting of this bench that differs from the
     * built-in default (so --set reaches them), and the phase's protocol, standby and session
     * settings as the chosen protocol takes them.
     */
    private static Map<String, String> instanceSettings(RapportConfig config, FailoverSettings failover) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (Setting setting : Setting.values()) {
            String value = config.get(setting);
            if (!value.equals(setting.defaultValue())) {
                settings.put(setting.key(), value);
            }
        }
        config.kafkaOverrides().forEach((name, value) -> settings.put("kafka." + name, value));
        settings.put("kafka.group.protocol", failover.groupProtocol());
        if (!failover.streamsProtocol()) {
            settings.put("kafka.num.standby.replicas", Integer.toString(failover.standbyReplicas()));
            settings.put(
                    "kafka.consumer.session.timeout.ms",
                    Long.toString(failover.sessionTimeout().toMillis()));
            settings.put(
                    "kafka.consumer.heartbeat.interval.ms",
                    Long.toString(failover.heartbeatInterval().toMillis()));
        }
        return settings;
    }

    /**
     * Each store's application starts its group at the input's end, before the conversations are
     * written, so it loads them and nothing of the phases before.
     */
    private ScaleReport scale(Admin admin, KafkaEndpoint kafka, Topics topics, Path stateRoot, BenchSettings settings) {
        Map<String, RapportConfig> configs = new LinkedHashMap<>();
        for (String store : settings.conversationStores()) {
            RapportConfig storeConfig = config.with(Map.of(
                    "application.id",
                    config.applicationId() + "-bench-scale-" + store,
                    "state.dir",
                    stateRoot.resolve("scale-" + store).toString(),
                    Setting.CONVERSATION_STORE.key(),
                    store,
                    // The conversations' events span a minute: on the event-time clock no wait
                    // nears its SLA while they load, so every conversation stays open.
                    "sla.clock",
                    "event"));
            InputEnd.startGroupThere(admin, storeConfig.applicationId());
            configs.put(store, storeConfig);
        }
        long began = System.nanoTime();
        OpenConversations.publish(kafka.clientProperties(), topics, settings.conversations());
        double publishSeconds = (System.nanoTime() - began) / 1e9;
        step("state at scale: published %,d open conversations in %.1f s", settings.conversations(), publishSeconds);
        ScalePhase phase =
                new ScalePhase(admin, topics, kafka.bootstrapServers(), line -> step("state at scale: %s", line));
        List<ScaleResult> results = new ArrayList<>();
        configs.forEach((store, storeConfig) -> {
            ScaleResult result =
                    phase.run(storeConfig, stateRoot.resolve("scale-" + store), store, settings.conversations());
            step(
                    "state at scale, %s: %.0f bytes of heap per conversation, %,d changelog bytes, restore %.1f s",
                    store, result.heapBytesPerConversation(), result.changelogBytes(), result.restoreSeconds());
            results.add(result);
        });
        return new ScaleReport(
                settings.conversations(),
                publishSeconds,
                config.integer(Setting.TOPIC_PARTITIONS),
                config.integer(Setting.STREAM_THREADS),
                results);
    }

    private List<SoakSample> soak(
            Admin admin, KafkaEndpoint kafka, Topics topics, Path stateRoot, BenchSettings settings) {
        Path stateDir = stateRoot.resolve("soak");
        RapportConfig soakConfig = config.with(
                Map.of("application.id", config.applicationId() + "-bench-soak", "state.dir", stateDir.toString()));
        step(
                "soak: %,.0f events/s for %s, conversation.ttl %s",
                settings.soakRate(), settings.soakDuration(), soakConfig.duration(Setting.CONVERSATION_TTL));
        List<SoakSample> samples = new SoakPhase(kafka.clientProperties(), admin, topics)
                .run(soakConfig, kafka.bootstrapServers(), stateDir, settings);
        SoakSample last = samples.get(samples.size() - 1);
        step(
                "soak done: heap after GC %,d MiB, %,d conversations",
                last.heapAfterGcBytes() >> 20, last.conversations());
        return samples;
    }

    /**
     * A broker that has just started on a loaded machine may not host a new topic's partitions yet
     * when the topic is described right after creation; that settles within seconds.
     */
    private void ensureTopics(Admin admin) {
        for (int attempt = 1; ; attempt++) {
            try {
                TopicSetup.ensure(admin, RapportTopics.specs(config));
                return;
            } catch (IllegalStateException e) {
                if (attempt == TOPIC_SETUP_ATTEMPTS) {
                    throw e;
                }
                step("topic set-up not ready (%s), retrying", e.getMessage());
                Waiting.sleep(Duration.ofSeconds(1));
            }
        }
    }

    private StreamsRun.Throughput baseline(
            Admin admin, KafkaEndpoint kafka, Topics topics, InputSpan input, Path stateRoot, BenchSettings settings) {
        RapportConfig baselineConfig = config.with(Map.of(
                "application.id",
                config.applicationId() + "-bench-baseline",
                "state.dir",
                stateRoot.resolve("baseline").toString()));
        Properties properties = StreamsProperties.of(baselineConfig, kafka.bootstrapServers());
        Supplier<Topology> topology = () -> BaselineTopology.build(
                Topics.MESSAGES, topics.messageSerde(), config.duration(Setting.WINDOW), graceCovering(input));
        if (!settings.warmup().isZero()) {
            RapportConfig warmup = warmupOf(baselineConfig, "baseline", stateRoot);
            StreamsRun.warmUp(
                    admin, topology.get(), StreamsProperties.of(warmup, kafka.bootstrapServers()), settings.warmup());
            step("baseline warmed up for %d s", settings.warmup().toSeconds());
        }
        return StreamsRun.measure(
                admin,
                topology,
                properties,
                settings.instances(),
                Topics.MESSAGES,
                BaselineTopology.repartitionTopic(baselineConfig.applicationId()),
                input.events(),
                streams -> {});
    }

    /** The same application under an id and state directory of its own, thrown away after the warm-up. */
    private RapportConfig warmupOf(RapportConfig measured, String name, Path stateRoot) {
        String applicationId = config.applicationId() + "-bench-warmup-" + name;
        return measured.with(Map.of(
                "application.id",
                applicationId,
                "state.dir",
                stateRoot.resolve(applicationId).toString()));
    }

    /** As replay runs Rapport over history: event-time SLA clock, grace covering the whole span. */
    private RapportConfig replayLike(InputSpan input, Path stateRoot) {
        return config.with(Map.of(
                "application.id",
                config.applicationId() + "-bench-rapport",
                "state.dir",
                stateRoot.resolve("rapport").toString(),
                "grace",
                graceCovering(input).toString(),
                "sla.clock",
                "event"));
    }

    private Duration graceCovering(InputSpan input) {
        Duration covering = input.eventTime().plus(config.duration(Setting.WINDOW));
        Duration configured = config.duration(Setting.GRACE);
        return covering.compareTo(configured) > 0 ? covering : configured;
    }

    private void step(String format, Object... args) {
        progress.printf(Locale.ROOT, "bench: " + format + " (load average %s)%n", append(args, loadAverage()));
    }

    private static Object[] append(Object[] args, Object last) {
        Object[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }

    /** One-minute load average of the machine: the benchmark shares it, so every figure carries it. */
    private static String loadAverage() {
        return String.format(
                Locale.ROOT,
                "%.2f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
