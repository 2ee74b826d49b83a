package dev.rapport.kafka;

import dev.rapport.config.RapportConfig;
import dev.rapport.config.Setting;
import dev.rapport.topology.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The settings of the topics Rapport owns. Time retention is off (-1) because Rapport replays
 * history: the broker judges retention by record timestamps, which are event times, so a 7-day
 * retention would delete a replay of last year's data as soon as it is written.
 */
public final class RapportTopics {
    private RapportTopics() {}

    public static List<TopicSpec> specs(RapportConfig config) {
        int partitions = config.integer(Setting.TOPIC_PARTITIONS);
        short replication = Short.parseShort(config.get(Setting.TOPIC_REPLICATION_FACTOR));
        Map<String, String> keepAll = withMinInSync(config, Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"));
        Map<String, String> latestPerKey =
                withMinInSync(config, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        return List.of(
                new TopicSpec(Topics.MESSAGES, partitions, replication, keepAll),
                new TopicSpec(Topics.BRAND_STATS, partitions, replication, latestPerKey),
                new TopicSpec(Topics.ALERTS, partitions, replication, keepAll),
                new TopicSpec(Topics.DEAD_LETTER, partitions, replication, keepAll),
                // Read whole by every instance, and small: one partition keeps a brand's policy
                // changes in the order they were written.
                new TopicSpec(Topics.BRAND_POLICIES, 1, replication, latestPerKey));
    }

    /**
     * Unset, topics take the broker's min.insync.replicas (1 unless the operator changed it): with
     * acks=all an acknowledged write could then sit on one replica alone. Set, it is applied to new
     * topics and required of existing ones like the other settings here.
     */
    private static Map<String, String> withMinInSync(RapportConfig config, Map<String, String> configs) {
        String minInSync = config.get(Setting.TOPIC_MIN_INSYNC_REPLICAS);
        if ("-1".equals(minInSync)) {
            return configs;
        }
        Map<String, String> all = new HashMap<>(configs);
        all.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minInSync);
        return Map.copyOf(all);
    }
}
