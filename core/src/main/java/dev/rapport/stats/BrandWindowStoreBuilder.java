package dev.rapport.stats;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedWindowStore;

/**
 * Builds {@link BrandWindowStore} over exactly the store the DSL's windowed aggregate built: a
 * persistent timestamped window store, retention = window + grace, no duplicates, logged, string
 * keys and {@link BrandWindowAccumulatorSerde} values. The store is its own cache, so Kafka's record
 * cache stays off.
 */
public final class BrandWindowStoreBuilder implements StoreBuilder<BrandWindowStore> {
    /**
     * Windows held live between commits per task. One commit interval touches about one window per
     * active brand of the task (two near a window boundary), so this is far above a normal load
     * and bounds memory when a burst touches many old windows.
     */
    static final int MAX_LIVE_WINDOWS = 1_000;

    private final StoreBuilder<TimestampedWindowStore<String, BrandWindowAccumulator>> logged;
    private final TimeWindows windows;

    public BrandWindowStoreBuilder(String name, Duration window, Duration grace) {
        this.logged = Stores.timestampedWindowStoreBuilder(
                        Stores.persistentTimestampedWindowStore(name, window.plus(grace), window, false),
                        Serdes.String(),
                        new BrandWindowAccumulatorSerde())
                .withCachingDisabled();
        this.windows = TimeWindows.ofSizeAndGrace(window, grace);
    }

    /**
     * Logs changes to a changelog with {@code config}. Kafka Streams gives a window store's changelog
     * {@code cleanup.policy=compact,delete} by itself only when it recognizes one of its own window
     * store builders, so the policy is set here: the topic's configuration stays what it was.
     */
    @Override
    public BrandWindowStoreBuilder withLoggingEnabled(Map<String, String> config) {
        Map<String, String> changelog = new HashMap<>(config);
        changelog.putIfAbsent(
                TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE);
        logged.withLoggingEnabled(changelog);
        return this;
    }

    @Override
    public BrandWindowStoreBuilder withLoggingDisabled() {
        logged.withLoggingDisabled();
        return this;
    }

    /** Always on: holding changed windows live is what this store is for. */
    @Override
    public BrandWindowStoreBuilder withCachingEnabled() {
        return this;
    }

    @Override
    public BrandWindowStoreBuilder withCachingDisabled() {
        throw new UnsupportedOperationException("the brand window store always holds changed windows until the commit");
    }

    @Override
    public BrandWindowStore build() {
        return new BrandWindowStore(logged.build(), windows, MAX_LIVE_WINDOWS);
    }

    @Override
    public Map<String, String> logConfig() {
        return logged.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
        return logged.loggingEnabled();
    }

    @Override
    public String name() {
        return logged.name();
    }
}
