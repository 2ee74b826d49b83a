package dev.rapport.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.config.RapportConfig;
import dev.rapport.policy.AlertThresholds;
import dev.rapport.policy.Policy;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.Platform;
import dev.rapport.stats.BrandDelta;
import dev.rapport.stats.BrandStatsRecords;
import dev.rapport.stats.BrandWindowAccumulator;
import dev.rapport.stats.BrandWindowAccumulatorSerde;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;

/**
 * The responder figures exist only in the brand windows: a brand task that starts on a restored
 * window store (a restart, or the instance a rebalance moved it to) must show each brand's newest
 * window in the responder gauges before the brand's next event.
 */
class RestoredResponderGaugesTest {
    private static final TaskId BRAND_TASK = new TaskId(1, 0);
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final Policy POLICY = new Policy(
            Duration.ofHours(1),
            Duration.ofHours(24),
            AlertThresholds.defaults(),
            Optional.empty(),
            Policy.DEFAULT_REVISION);

    private final WindowStore<String, BrandWindowAccumulator> store = Stores.windowStoreBuilder(
                    Stores.inMemoryWindowStore("brand-window-stats", Duration.ofHours(2), Duration.ofHours(1), false),
                    Serdes.String(),
                    new BrandWindowAccumulatorSerde())
            .withLoggingDisabled()
            .withCachingDisabled()
            .build();

    @Test
    void aTaskStartingOnRestoredWindowsShowsEachBrandsNewestWindowAtOnce() {
        MockProcessorContext<String, BrandWindowStats> context =
                new MockProcessorContext<>(new Properties(), BRAND_TASK, null);
        store.init(context.getStateStoreContext(), store);
        // Written before the restart: acme's older window had three responders, its newest one two.
        store.put("acme", replies("agent-1", "agent-2", "agent-3"), 0);
        store.put("acme", replies("agent-1", "agent-1", "agent-1", "agent-2"), HOUR);
        store.put("globex", replies("desk"), 0);

        PrometheusMeterRegistry restarted = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        context.addStateStore(store);
        BrandStatsRecords records = new BrandStatsRecords(
                ignored -> brand -> POLICY,
                new MicrometerEngagementMetrics(restarted, MetricsSettings.from(RapportConfig.defaults()), () -> 0L),
                "brand-window-stats");
        records.init(context);

        assertThat(gauge(restarted, "rapport.window.responders", "acme")).isEqualTo(2);
        assertThat(gauge(restarted, "rapport.window.top.responder.share", "acme"))
                .isEqualTo(0.75);
        assertThat(gauge(restarted, "rapport.window.responders", "globex")).isEqualTo(1);
        assertThat(context.forwarded())
                .as("reported to the gauges, not written again")
                .isEmpty();
        store.close();
    }

    /** A window's worth of brand replies, one per author given. */
    private static BrandWindowAccumulator replies(String... authors) {
        BrandWindowAccumulator sum = new BrandWindowAccumulator();
        for (String author : authors) {
            sum.add(new BrandDelta(
                    Platform.TWITTER,
                    false,
                    false,
                    new long[0],
                    new long[0],
                    new long[0],
                    new int[0],
                    0,
                    0,
                    0,
                    true,
                    0,
                    List.of(),
                    false,
                    author));
        }
        return sum;
    }

    private static double gauge(PrometheusMeterRegistry registry, String name, String brand) {
        return registry.get(name).tag("brand", brand).gauge().value();
    }
}
