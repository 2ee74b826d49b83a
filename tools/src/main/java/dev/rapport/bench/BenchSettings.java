package dev.rapport.bench;

import java.time.Duration;
import java.util.List;

/**
 * What one benchmark run does.
 *
 * @param events zipf events written once to the input topic for the throughput phases
 * @param seed seeds the generator: same seed, same events
 * @param brands zipf brands; 1 measures the hot-brand limit (every event in one brand task)
 * @param latencyRate events per second of wall-clock time in the latency phase
 * @param latencyDuration how long the latency phase produces
 * @param instances instances of the baseline and of Rapport in the throughput phases (one JVM)
 * @param soakDuration how long the soak phase produces; zero skips it
 * @param soakRate events per second of wall-clock time in the soak phase
 * @param soakSampleInterval time between the soak phase's memory readings
 * @param warmup how long the baseline and Rapport each run untimed on the input, under an
 *     application id of their own, before their timed phase; zero measures them cold
 * @param conversations open conversations the state-at-scale phase loads; zero skips it
 * @param conversationStores the {@code conversation.store} values that phase measures, in order
 * @param conversationsOnly run the state-at-scale phase alone, without the input and phases before it
 */
public record BenchSettings(
        long events,
        long seed,
        int brands,
        double latencyRate,
        Duration latencyDuration,
        int instances,
        Duration soakDuration,
        double soakRate,
        Duration soakSampleInterval,
        Duration warmup,
        long conversations,
        List<String> conversationStores,
        boolean conversationsOnly) {
    /** Fewer could leave a partition without a conversation, and the restore waits for every one. */
    static final long MIN_CONVERSATIONS = 1_000;

    public BenchSettings {
        if (events < 1) {
            throw new IllegalArgumentException("events must be at least 1, got " + events);
        }
        if (brands < 1) {
            throw new IllegalArgumentException("brands must be at least 1, got " + brands);
        }
        if (instances < 1) {
            throw new IllegalArgumentException("instances must be at least 1, got " + instances);
        }
        if (!(latencyRate > 0)) {
            throw new IllegalArgumentException("latency rate must be positive, got " + latencyRate);
        }
        if (soakDuration.isNegative()) {
            throw new IllegalArgumentException("soak duration must not be negative, got " + soakDuration);
        }
        if (!(soakRate > 0)) {
            throw new IllegalArgumentException("soak rate must be positive, got " + soakRate);
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warm-up must not be negative, got " + warmup);
        }
        if (soakSampleInterval.isZero() || soakSampleInterval.isNegative()) {
            throw new IllegalArgumentException("soak sample interval must be positive, got " + soakSampleInterval);
        }
        if (conversations != 0 && conversations < MIN_CONVERSATIONS) {
            throw new IllegalArgumentException("conversations must be 0 (no state-at-scale phase) or at least "
                    + MIN_CONVERSATIONS + ", got " + conversations);
        }
        if (conversationsOnly && conversations == 0) {
            throw new IllegalArgumentException("conversations-only needs conversations");
        }
        conversationStores = List.copyOf(conversationStores);
        if (conversations != 0 && conversationStores.isEmpty()) {
            throw new IllegalArgumentException("conversation stores must not be empty");
        }
        for (String store : conversationStores) {
            if (!store.equals("memory") && !store.equals("rocksdb")) {
                throw new IllegalArgumentException("conversation store must be memory or rocksdb, got " + store);
            }
        }
    }

    public boolean scale() {
        return conversations != 0;
    }

    public boolean soak() {
        return !soakDuration.isZero();
    }
}
