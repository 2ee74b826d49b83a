package dev.rapport.benchmarks;

import dev.rapport.config.RapportConfig;
import dev.rapport.config.Setting;
import dev.rapport.config.StreamsProperties;
import dev.rapport.embedded.EmbeddedKafkaBroker;
import dev.rapport.generator.GeneratorRun;
import dev.rapport.generator.TrafficSettings;
import dev.rapport.kafka.CompletionWatcher;
import dev.rapport.kafka.EventPublisher;
import dev.rapport.kafka.RapportTopics;
import dev.rapport.kafka.StreamsApp;
import dev.rapport.kafka.TopicSetup;
import dev.rapport.registry.SchemaRegistries;
import dev.rapport.topology.EngagementSettings;
import dev.rapport.topology.EngagementTopology;
import dev.rapport.topology.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * How long a task start takes to restore {@code conversation-state} from its changelog, which
 * {@code conversation.store=memory} pays on every start and the RocksDB default only when its
 * files are gone (a new machine, or a crash under exactly-once, which wipes the task's state).
 * Processes N zipf events (the bench's input) on an embedded broker, stops, then starts a second
 * instance of the same application on an empty state directory and times the restore of
 * conversation-state: from its first partition's restore start to its last one's restore end.
 * Not a JMH benchmark.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.rapport.benchmarks.RestoreTime 2000000 memory [KEY=VALUE...]</pre>
 *
 * Further arguments are Rapport settings, e.g. {@code kafka.restore.consumer.max.poll.records=10000}.
 */
public final class RestoreTime {
    private static final String APP = "restore-time";

    private RestoreTime() {}

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        String store = args.length > 1 ? args[1] : "memory";
        Path work = Files.createTempDirectory("rapport-restore-time");
        Map<String, String> settings = new HashMap<>(Map.of("application.id", APP, "conversation.store", store,
                "sla.clock", "event", "grace", "30d", "num.stream.threads", "2", "schema.registry.url", "mock://restore-time"));
        for (int i = 2; i < args.length; i++) {
            String[] setting = args[i].split("=", 2);
            settings.put(setting[0], setting[1]);
        }
        RapportConfig config = RapportConfig.defaults().with(settings);
        Topics topics = new Topics(SchemaRegistries.forUrl(config.schemaRegistryUrl()));
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults());
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            Properties client = new Properties();
            client.put("bootstrap.servers", broker.bootstrapServers());
            TopicSetup.ensure(admin, RapportTopics.specs(config));
            TrafficSettings traffic = TrafficSettings.zipf(1);
            try (EventPublisher publisher = new EventPublisher(client, topics.messages())) {
                GeneratorRun.batch(traffic, events, Instant.now().minus(traffic.eventTimeFor(events))).run(publisher::send);
                publisher.flush();
            }
            Properties streams = StreamsProperties.of(config, broker.bootstrapServers());
            EngagementSettings engagement = EngagementSettings.from(config);

            streams.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("first").toString());
            try (StreamsApp first = new StreamsApp(EngagementTopology.build(topics, engagement, System::currentTimeMillis), streams)) {
                first.start(Duration.ofMinutes(2));
                new CompletionWatcher(admin, APP, List.of(Topics.MESSAGES, EngagementTopology.repartitionTopic(APP)))
                        .await(Duration.ofMinutes(30), first::checkHealthy, done -> { });
            }

            streams.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("second").toString());
            ConversationRestore restore = new ConversationRestore();
            try (StreamsApp second = new StreamsApp(EngagementTopology.build(topics, engagement, System::currentTimeMillis), streams)) {
                second.streams().setGlobalStateRestoreListener(restore);
                long started = System.nanoTime();
                second.start(Duration.ofMinutes(10));
                while (restore.partitionsDone.get() < config.integer(Setting.TOPIC_PARTITIONS)) {
                    second.checkHealthy();
                    Thread.sleep(20);
                }
                double restoring = (restore.lastEnd.get() - restore.firstStart.get()) / 1e9;
                double sinceStart = (restore.lastEnd.get() - started) / 1e9;
                // Kafka Streams does not leave the group on close, so the second instance first waits
                // out the first one's session: that is in the time since start(), not in the restore.
                System.out.printf("conversation.store=%s: %,d events, %,d conversation-state records restored in %.1f s "
                        + "(%,.0f records/s); restored %.1f s after start()%n",
                        store, events, restore.records.get(), restoring, restore.records.get() / restoring, sinceStart);
            }
        }
    }

    /** Counts what the conversation-state partitions restore, when the first starts and when the last ends. */
    private static final class ConversationRestore implements StateRestoreListener {
        final AtomicLong records = new AtomicLong();
        final AtomicLong partitionsDone = new AtomicLong();
        final AtomicLong lastEnd = new AtomicLong();
        final AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);

        @Override
        public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
            if (storeName.equals(EngagementTopology.CONVERSATION_STORE)) {
                firstStart.accumulateAndGet(System.nanoTime(), Math::min);
            }
        }

        @Override
        public void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
        }

        @Override
        public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
            if (storeName.equals(EngagementTopology.CONVERSATION_STORE)) {
                records.addAndGet(totalRestored);
                lastEnd.set(System.nanoTime());
                partitionsDone.incrementAndGet();
            }
        }
    }
}
