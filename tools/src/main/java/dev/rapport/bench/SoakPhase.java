package dev.rapport.bench;

import dev.rapport.config.RapportConfig;
import dev.rapport.config.StreamsProperties;
import dev.rapport.generator.GeneratorRun;
import dev.rapport.generator.TrafficSettings;
import dev.rapport.kafka.StreamsApp;
import dev.rapport.schema.MessageEvent;
import dev.rapport.topology.EngagementSettings;
import dev.rapport.topology.EngagementTopology;
import dev.rapport.topology.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * Memory under a steady load: a fresh Rapport application (live settings, its own application.id,
 * started at the input's end) gets zipf traffic with occurredAt = now at a steady rate for the soak
 * duration, and every sample interval the heap after a full collection, the conversation count, the
 * RocksDB figures and the state directory's size are read. With a short {@code conversation.ttl}
 * the series shows whether memory levels off once conversations start to expire.
 */
final class SoakPhase {
    private final Properties clientProperties;
    private final Admin admin;
    private final Topics topics;

    SoakPhase(Properties clientProperties, Admin admin, Topics topics) {
        this.clientProperties = clientProperties;
        this.admin = admin;
        this.topics = topics;
    }

    List<SoakSample> run(RapportConfig config, String bootstrapServers, Path stateDir, BenchSettings settings) {
        List<SoakSample> samples = new ArrayList<>();
        // Without this the soak began with every earlier phase's input (a whole bench run's events).
        InputEnd.startGroupThere(admin, config.applicationId());
        try (StreamsApp app = new StreamsApp(
                                EngagementTopology.build(
                                        topics, EngagementSettings.from(config), System::currentTimeMillis),
                                StreamsProperties.of(config, bootstrapServers))
                        .start(Duration.ofMinutes(2));
                LiveSource source = new LiveSource(clientProperties, topics)) {
            double rate = settings.soakRate();
            long total = Math.round(rate * settings.soakDuration().toMillis() / 1000.0);
            TrafficSettings traffic = TrafficSettings.zipf(settings.seed() + 2).withEventsPerSecond(rate);
            Iterator<MessageEvent> load =
                    GeneratorRun.batch(traffic, total, Instant.now()).iterator();
            long start = System.nanoTime();
            long nanosPerEvent = Math.round(1e9 / rate);
            long sampleEvery = settings.soakSampleInterval().toNanos();
            long nextSample = start + sampleEvery;
            long sent = 0;
            while (load.hasNext()) {
                long wait = start + sent * nanosPerEvent - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                source.send(load.next(), () -> {});
                sent++;
                // The last reading is taken after the loop, once every event is acknowledged.
                if (load.hasNext() && System.nanoTime() >= nextSample) {
                    app.checkHealthy();
                    samples.add(sample(app.streams(), stateDir, (System.nanoTime() - start) / 1_000_000_000L, sent));
                    nextSample += sampleEvery;
                }
            }
            source.flush("soak phase");
            samples.add(sample(app.streams(), stateDir, (System.nanoTime() - start) / 1_000_000_000L, sent));
        }
        return samples;
    }

    private static SoakSample sample(KafkaStreams streams, Path stateDir, long seconds, long sent) {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long conversations = streams.store(StoreQueryParameters.fromNameAndType(
                        EngagementTopology.CONVERSATION_STORE, QueryableStoreTypes.keyValueStore()))
                .approximateNumEntries();
        var metrics = streams.metrics();
        return new SoakSample(
                seconds,
                sent,
                heap,
                conversations,
                sum(metrics, "estimate-num-keys"),
                sum(metrics, "size-all-mem-tables"),
                max(metrics, "block-cache-usage"),
                sum(metrics, "total-sst-files-size"),
                directoryBytes(stateDir),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static long sum(Map<MetricName, ? extends Metric> metrics, String name) {
        return values(metrics, name).sum();
    }

    /** The block cache is shared by every store, so each reports the same usage. */
    private static long max(Map<MetricName, ? extends Metric> metrics, String name) {
        return values(metrics, name).max().orElse(0);
    }

    private static LongStream values(Map<MetricName, ? extends Metric> metrics, String name) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().group().equals("stream-state-metrics")
                        && e.getKey().name().equals(name))
                .map(e -> e.getValue().metricValue())
                .filter(Number.class::isInstance)
                .mapToLong(v -> ((Number) v).longValue());
    }

    /** Files RocksDB deletes while they are counted no longer take space: they are skipped. */
    private static long directoryBytes(Path dir) {
        long[] bytes = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    bytes[0] += attributes.size();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + dir, e);
        }
        return bytes[0];
    }
}
