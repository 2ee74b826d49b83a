package dev.rapport.stats;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Builds {@link PendingBrandDeltas}: never logged (it is empty after every commit) and its own
 * cache, so Kafka's record cache does not apply.
 */
public final class PendingBrandDeltasBuilder implements StoreBuilder<PendingBrandDeltas> {
    /**
     * Sums held per task between commits. A commit interval touches about one window per active
     * brand of the task (two near a window boundary), so this is far above a normal load.
     */
    static final int MAX_PENDING = 1_000;

    private final String name;
    private final long windowSizeMs;

    public PendingBrandDeltasBuilder(String name, Duration window) {
        this.name = name;
        this.windowSizeMs = window.toMillis();
    }

    /** Always on: holding the sums until the commit is what this store is for. */
    @Override
    public PendingBrandDeltasBuilder withCachingEnabled() {
        return this;
    }

    @Override
    public PendingBrandDeltasBuilder withCachingDisabled() {
        throw new UnsupportedOperationException(
                name + " always holds the sums until the commit: that is what it is for");
    }

    @Override
    public PendingBrandDeltasBuilder withLoggingEnabled(Map<String, String> config) {
        throw new UnsupportedOperationException(name + " is empty after every commit: there is nothing to log");
    }

    @Override
    public PendingBrandDeltasBuilder withLoggingDisabled() {
        return this;
    }

    @Override
    public PendingBrandDeltas build() {
        return new PendingBrandDeltas(name, windowSizeMs, MAX_PENDING);
    }

    @Override
    public Map<String, String> logConfig() {
        return Map.of();
    }

    @Override
    public boolean loggingEnabled() {
        return false;
    }

    @Override
    public String name() {
        return name;
    }
}
