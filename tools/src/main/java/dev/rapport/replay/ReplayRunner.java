package dev.rapport.replay;

import dev.rapport.alert.FinalWindowAlerts;
import dev.rapport.config.RapportConfig;
import dev.rapport.config.Setting;
import dev.rapport.config.StreamsProperties;
import dev.rapport.embedded.LocalKafka;
import dev.rapport.files.StateDirectories;
import dev.rapport.kafka.CompletionWatcher;
import dev.rapport.kafka.EmptyTopicGuard;
import dev.rapport.kafka.EventPublisher;
import dev.rapport.kafka.KafkaEndpoint;
import dev.rapport.kafka.PolicyTopic;
import dev.rapport.kafka.RapportTopics;
import dev.rapport.kafka.Retrying;
import dev.rapport.kafka.StreamsApp;
import dev.rapport.kafka.TopicReader;
import dev.rapport.kafka.TopicSetup;
import dev.rapport.registry.SchemaRegistries;
import dev.rapport.registry.SchemaRegistryCheck;
import dev.rapport.schema.AlertStatus;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.schema.MessageEvent;
import dev.rapport.topology.EngagementSettings;
import dev.rapport.topology.EngagementTopology;
import dev.rapport.topology.OutputJson;
import dev.rapport.topology.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Replays events through the real application: publish them to the input topic, run Kafka
 * Streams until every input record is processed and committed, then read the final value of
 * every output record (read_committed) and write them as JSON lines. Brand alerts are judged on
 * the final windows once the input has ended ({@link FinalWindowAlerts}).
 */
public final class ReplayRunner {
    private static final Duration PROCESSING_TIMEOUT = Duration.ofMinutes(30);
    /** The order of alerts.jsonl: by event time, then a total order so the file is reproducible. */
    public static final Comparator<EngagementAlert> ALERT_ORDER = Comparator.comparing(EngagementAlert::getDetectedAt)
            .thenComparing(EngagementAlert::getBrandId)
            .thenComparing(a -> String.valueOf(a.getConversationId()))
            .thenComparing(a -> String.valueOf(a.getEventId()))
            .thenComparing(EngagementAlert::getAlertId)
            .thenComparing(EngagementAlert::getStatus);

    private final RapportConfig config;
    private final ProgressLog progress;
    private final PrintStream progressOut;

    public ReplayRunner(RapportConfig config, PrintStream progressOut) {
        this.config = config;
        this.progress = new ProgressLog(progressOut);
        this.progressOut = progressOut;
    }

    public ReplayResult run(List<MessageEvent> input, Path outDir) throws IOException {
        return run(input, outDir, null);
    }

    /**
     * @param policyFile what-if policies: its default replaces the configured default policy, its
     *     brands are written to {@code rapport.brand-policies} before the application starts; null
     *     replays under the configured policy alone
     */
    public ReplayResult run(List<MessageEvent> input, Path outDir, Path policyFile) throws IOException {
        long started = System.nanoTime();
        List<MessageEvent> events = new ArrayList<>(input);
        // Stable sort: replay is in event-time order, ties keep the importer's order.
        events.sort(Comparator.comparing(MessageEvent::getOccurredAt));
        Files.createDirectories(outDir);
        SchemaRegistryCheck.verify(config, SchemaRegistryCheck.DEFAULT_TIMEOUT);
        Path stateDir = StateDirectories.create("rapport-replay-state");
        RapportConfig replayConfig = config.with(Map.of(
                "state.dir", stateDir.toString(),
                "grace", graceCoveringAll(events).toString(),
                // History is judged in event time: the wall clock is years past every deadline.
                "sla.clock", "event"));

        try (KafkaEndpoint kafka = LocalKafka.open(replayConfig);
                Admin admin = Admin.create(kafka.clientProperties())) {
            if (kafka.isEmbedded()) {
                progress.line("embedded Kafka broker at " + kafka.bootstrapServers() + " started in "
                        + kafka.startupMillis() + " ms");
            }
            Topics topics = new Topics(SchemaRegistries.forConfig(replayConfig));
            // Every Kafka call below rides through a broker failover, up to command.retry.deadline.
            Retrying retrying = Retrying.forCommand(replayConfig, progressOut);
            TopicSetup.ensure(admin, RapportTopics.specs(replayConfig), retrying, null);
            EmptyTopicGuard.requireEmpty(
                    admin,
                    Topics.MESSAGES,
                    "replay needs an empty input topic (use the embedded broker or a fresh cluster)",
                    retrying);
            EngagementSettings configured = EngagementSettings.from(replayConfig);
            ReplayPolicies policies = policyFile == null
                    ? ReplayPolicies.configured(configured)
                    : ReplayPolicies.fromFile(policyFile, configured);
            if (policyFile != null) {
                // An external cluster's policy topic holds production policies: never mix a what-if into them.
                EmptyTopicGuard.requireEmpty(
                        admin,
                        Topics.BRAND_POLICIES,
                        "a what-if replay needs an empty policy topic (use the embedded broker or a fresh cluster)",
                        retrying);
                new PolicyTopic(kafka.clientProperties(), topics, retrying).write(policies.records());
                progress.line("what-if policies from " + policyFile + ": default sla "
                        + policies.settings().sla() + ", " + policies.records().size() + " brand override(s)");
            }

            try (EventPublisher publisher =
                    new EventPublisher(kafka.clientProperties(), topics.messages(), retrying.deadline())) {
                publisher.publish(events, sent -> progress.every("published", sent, events.size()));
                if (!events.isEmpty()) {
                    // Past the last event by the reorder window, so every held event is released.
                    publisher.watermarkAllPartitions(events.get(events.size() - 1)
                                    .getOccurredAt()
                                    .toEpochMilli()
                            + replayConfig.duration(Setting.REORDER_WINDOW).toMillis());
                }
            }

            Properties streamsProps = StreamsProperties.of(replayConfig, kafka.bootstrapServers());
            String appId = streamsProps.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
            try (StreamsApp app = new StreamsApp(
                            EngagementTopology.build(topics, policies.settings(), System::currentTimeMillis),
                            streamsProps)
                    .start(Duration.ofMinutes(2))) {
                new CompletionWatcher(
                                admin,
                                appId,
                                List.of(Topics.MESSAGES, EngagementTopology.repartitionTopic(appId)),
                                retrying)
                        .await(
                                PROCESSING_TIMEOUT,
                                app::checkHealthy,
                                done -> progress.every("processed", Math.min(done, events.size()), events.size()));
            }

            Map<String, BrandWindowStats> stats = new TreeMap<>();
            for (ConsumerRecord<String, BrandWindowStats> r : TopicReader.readAll(
                    kafka.clientProperties(),
                    Topics.BRAND_STATS,
                    new StringDeserializer(),
                    topics.brandStats().valueSerde().deserializer(),
                    retrying)) {
                stats.put(r.key(), r.value());
            }
            List<EngagementAlert> alerts = new ArrayList<>();
            TopicReader.readAll(
                            kafka.clientProperties(),
                            Topics.ALERTS,
                            new StringDeserializer(),
                            topics.alerts().valueSerde().deserializer(),
                            retrying)
                    .forEach(r -> alerts.add(r.value()));
            alerts.addAll(FinalWindowAlerts.of(
                    stats.values(), policies.settings().window(), policies.book(), System.currentTimeMillis()));
            return write(outDir, stats, alerts, events.size(), started, kafka.startupMillis());
        } finally {
            StateDirectories.delete(stateDir);
        }
    }

    /**
     * Replay pushes history through as fast as the cluster goes, so partitions race ahead of each
     * other by hours of event time and their brand deltas meet out of order after the repartition.
     * The input is sorted, so no event is truly late; grace wide enough to cover the whole input
     * keeps every one of them, and makes the result independent of the partition count.
     */
    private Duration graceCoveringAll(List<MessageEvent> sortedEvents) {
        Duration configured = config.duration(Setting.GRACE);
        if (sortedEvents.isEmpty()) {
            return configured;
        }
        Duration span = Duration.between(
                sortedEvents.get(0).getOccurredAt(),
                sortedEvents.get(sortedEvents.size() - 1).getOccurredAt());
        Duration covering = span.plus(config.duration(Setting.WINDOW));
        return covering.compareTo(configured) > 0 ? covering : configured;
    }

    private static ReplayResult write(
            Path outDir,
            Map<String, BrandWindowStats> stats,
            List<EngagementAlert> alerts,
            int events,
            long started,
            long brokerStartupMillis)
            throws IOException {
        List<BrandWindowStats> windows = new ArrayList<>(stats.values());
        windows.sort(
                Comparator.comparing(BrandWindowStats::getBrandId).thenComparing(BrandWindowStats::getWindowStart));
        alerts.sort(ALERT_ORDER);
        Files.write(
                outDir.resolve("brand-stats.jsonl"),
                windows.stream().map(s -> OutputJson.line(OutputJson.stats(s))).toList());
        Files.write(
                outDir.resolve("alerts.jsonl"),
                alerts.stream().map(a -> OutputJson.line(OutputJson.alert(a))).toList());
        TreeSet<String> brands = new TreeSet<>();
        windows.forEach(w -> brands.add(w.getBrandId()));
        long breaches = alerts.stream()
                .filter(a -> a.getType() == AlertType.SLA_BREACH && a.getStatus() == AlertStatus.FIRING)
                .count();
        ReplayResult.WaitOutcomes outcomes = new ReplayResult.WaitOutcomes(
                windows.stream().mapToLong(BrandWindowStats::getAnsweredInTime).sum(),
                windows.stream().mapToLong(BrandWindowStats::getUnanswered).sum(),
                windows.stream()
                        .mapToLong(BrandWindowStats::getAnsweredWithinSla)
                        .sum());
        return new ReplayResult(
                events,
                brands.size(),
                windows.size(),
                alerts.size(),
                breaches,
                outcomes,
                Duration.ofNanos(System.nanoTime() - started),
                brokerStartupMillis);
    }
}
