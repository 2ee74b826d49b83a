package dev.rapport.bench;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a topic of stats-keyed records ({@code <brandId>@<windowStart>}: rapport.brand-stats, or
 * the repartition topic between the two commits) as a downstream subscriber would
 * (read_committed, from where the topic ended when the watcher started) and notes when the first
 * record of each probe's brand arrived: the moment the probe's effect became visible there.
 */
final class ProbeOutputWatcher implements AutoCloseable {
    private final Map<Integer, Long> arrivedNanos = new ConcurrentHashMap<>();
    private final CommittedTopicReader reader;

    ProbeOutputWatcher(Properties clientProperties, String topic) {
        reader = new CommittedTopicReader(clientProperties, topic, false);
        reader.start("bench-probe-watcher", Duration.ofMillis(50), (r, now) -> {
            int probe = ProbeEvents.numberOf(r.key());
            if (probe >= 0) {
                arrivedNanos.putIfAbsent(probe, now);
            }
        });
    }

    Long arrivedNanos(int probe) {
        return arrivedNanos.get(probe);
    }

    int arrived() {
        return arrivedNanos.size();
    }

    @Override
    public void close() {
        reader.close();
    }
}
