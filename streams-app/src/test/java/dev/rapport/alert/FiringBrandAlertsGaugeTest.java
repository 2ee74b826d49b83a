package dev.rapport.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.config.RapportConfig;
import dev.rapport.policy.AlertThresholds;
import dev.rapport.policy.Policy;
import dev.rapport.prometheus.MetricsSettings;
import dev.rapport.prometheus.MicrometerEngagementMetrics;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.EngagementAlert;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The brand alerts firing now live in the {@code brand-alert-state} store, not in the metrics of
 * the instance that raised them: a brand-alert task that starts on a restored store (after a
 * restart, or on the instance a rebalance moved it to) must show them in
 * {@code rapport_alerts_firing} before any new window closes.
 */
class FiringBrandAlertsGaugeTest {
    private static final TaskId BRAND_TASK = new TaskId(1, 0);

    private final KeyValueStore<String, BrandAlertState> store = Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore("brand-alert-state"), Serdes.String(), new BrandAlertStateSerde())
            .withLoggingDisabled()
            .build();

    @Test
    void aTaskStartingOnARestoredStoreReportsTheAlertsFiringThereAndTakesThemAlongWhenItLeaves() {
        MockProcessorContext<String, EngagementAlert> context =
                new MockProcessorContext<>(new Properties(), BRAND_TASK, null);
        store.init(context.getStateStoreContext(), store);
        store.put("acme", state("BROADCAST_HEAVY", "CHANNEL_GAP:WHATSAPP", "CHANNEL_GAP:INSTAGRAM"));
        store.put("globex", state());

        PrometheusMeterRegistry restarted = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MicrometerEngagementMetrics metrics = metrics(restarted);
        // Left over from before a crash that skipped close(): globex's drop has resolved since.
        metrics.brandAlertsFiring(BRAND_TASK.toString(), "globex", Map.of(AlertType.ENGAGEMENT_DROP, 1));
        BrandAlertProcessor processor = started(context, metrics);

        assertThat(firing(restarted, "acme", "broadcast_heavy")).isEqualTo(1);
        assertThat(firing(restarted, "acme", "channel_gap"))
                .as("one per platform")
                .isEqualTo(2);
        assertThat(firing(restarted, "globex", "engagement_drop"))
                .as("the store says it no longer fires")
                .isZero();

        processor.close();
        assertThat(firing(restarted, "acme", "broadcast_heavy"))
                .as("the task left this instance")
                .isZero();

        PrometheusMeterRegistry otherInstance = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        started(context, metrics(otherInstance));
        assertThat(firing(otherInstance, "acme", "channel_gap")).isEqualTo(2);
    }

    private BrandAlertProcessor started(
            MockProcessorContext<String, EngagementAlert> context, MicrometerEngagementMetrics metrics) {
        context.addStateStore(store);
        Policy policy = new Policy(
                Duration.ofHours(1),
                Duration.ofHours(24),
                AlertThresholds.defaults(),
                Optional.empty(),
                Policy.DEFAULT_REVISION);
        BrandAlertProcessor processor = new BrandAlertProcessor(
                "brand-alert-state",
                "brand-window-stats",
                Duration.ofHours(1),
                Duration.ofHours(1),
                ignored -> brand -> policy,
                System::currentTimeMillis,
                metrics);
        processor.init(context);
        return processor;
    }

    private static MicrometerEngagementMetrics metrics(PrometheusMeterRegistry registry) {
        return new MicrometerEngagementMetrics(registry, MetricsSettings.from(RapportConfig.defaults()), () -> 0L);
    }

    private static BrandAlertState state(String... firingKeys) {
        TreeMap<String, BrandAlertState.Firing> firing = new TreeMap<>();
        for (String key : firingKeys) {
            firing.put(key, new BrandAlertState.Firing(key + ":brand:0", 0));
        }
        return new BrandAlertState(3_600_000, 4.0, 3, firing);
    }

    private static double firing(PrometheusMeterRegistry registry, String brand, String type) {
        return registry.get("rapport.alerts.firing")
                .tag("brand", brand)
                .tag("type", type)
                .gauge()
                .value();
    }
}
