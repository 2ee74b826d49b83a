package dev.rapport.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads rapport.brand-stats from its start as a downstream subscriber would (read_committed) and
 * keeps what the failover phase reports on: when each probe's output arrived, when output arrived
 * for each brand task (the task of a brand is its partition of the repartition topic, which the
 * producer's default partitioner picks from the brand's bytes) and for each partition of the
 * topic, and the latest value of every key (the topic is compacted: the latest value is the final one).
 */
final class FailoverOutputWatcher implements AutoCloseable {
    private final CommittedTopicReader reader;
    private final int brandTasks;
    private final Map<Integer, Long> probeArrivals = new ConcurrentHashMap<>();
    private final Map<String, byte[]> latest = new ConcurrentHashMap<>();
    private final Map<Integer, Arrivals> byBrandTask = new HashMap<>();
    private final Map<Integer, Arrivals> byOutputPartition = new HashMap<>();
    private final List<TopicPartition> partitions;
    private volatile long records;

    FailoverOutputWatcher(Properties clientProperties, String topic, int brandTasks) {
        this.brandTasks = brandTasks;
        reader = new CommittedTopicReader(clientProperties, topic, true);
        partitions = reader.partitions();
        for (TopicPartition partition : partitions) {
            byOutputPartition.put(partition.partition(), new Arrivals());
        }
        for (int task = 0; task < brandTasks; task++) {
            byBrandTask.put(task, new Arrivals());
        }
        reader.start("bench-failover-watcher", Duration.ofMillis(20), this::arrived);
    }

    /** The brand task (partition of the repartition topic) that aggregates {@code brand}. */
    static int brandTask(String brand, int brandTasks) {
        return Utils.toPositive(Utils.murmur2(brand.getBytes(StandardCharsets.UTF_8))) % brandTasks;
    }

    private void arrived(ConsumerRecord<String, byte[]> r, long now) {
        String key = r.key();
        int at = key.indexOf('@');
        String brand = at < 0 ? key : key.substring(0, at);
        int probe = ProbeEvents.numberOf(key);
        if (probe >= 0) {
            probeArrivals.putIfAbsent(probe, now);
        }
        synchronized (this) {
            byBrandTask.get(brandTask(brand, brandTasks)).add(now);
            byOutputPartition.get(r.partition()).add(now);
        }
        latest.put(key, r.value());
        records++;
    }

    Long probeArrival(int probe) {
        return probeArrivals.get(probe);
    }

    int probesArrived() {
        return probeArrivals.size();
    }

    long records() {
        return records;
    }

    /** The latest value of every key read so far. */
    Map<String, byte[]> latestValues() {
        return Map.copyOf(latest);
    }

    synchronized long[] longestGapOfBrandTask(int task, long from, long to) {
        return byBrandTask.get(task).longestGap(from, to);
    }

    synchronized long firstArrivalOfBrandTaskAfter(int task, long at) {
        return byBrandTask.get(task).firstAfter(at);
    }

    synchronized long[] longestGapOfOutputPartition(int partition, long from, long to) {
        return byOutputPartition.get(partition).longestGap(from, to);
    }

    List<Integer> outputPartitions() {
        return partitions.stream().map(TopicPartition::partition).toList();
    }

    @Override
    public void close() {
        reader.close();
    }
}
