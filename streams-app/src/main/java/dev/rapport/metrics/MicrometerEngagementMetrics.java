package dev.rapport.metrics;

import dev.rapport.schema.AlertType;
import dev.rapport.schema.Direction;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.schema.Platform;
import dev.rapport.serde.DecodeFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * {@link EngagementMetrics} as Micrometer meters, named for Prometheus ({@code rapport_*}, base
 * units, {@code _total}). Latencies are classic histograms with fixed buckets, not client-side
 * percentiles, so quantiles and the share within SLA can be aggregated across instances. Label
 * values are lower-case; brand labels go through {@link BrandLabels}; message content, customer
 * and conversation ids never become labels.
 */
public final class MicrometerEngagementMetrics implements EngagementMetrics {
    /** Conversations deeper than this count only once, under {@value #DEEPEST_LEVEL}. */
    static final int DEPTH_LEVELS = 10;
    static final String DEEPEST_LEVEL = DEPTH_LEVELS + "+";

    private final MeterRegistry registry;
    private final MetricsSettings settings;
    private final LongSupplier wallClock;
    private final BrandLabels brands;
    private final OpenWaits waits = new OpenWaits();
    private final Map<String, BrandMeters> meters = new ConcurrentHashMap<>();
    private final Map<DecodeFailure, Counter> deadLetters = new EnumMap<>(DecodeFailure.class);

    public MicrometerEngagementMetrics(MeterRegistry registry, MetricsSettings settings, LongSupplier wallClock) {
        this.registry = registry;
        this.settings = settings;
        this.wallClock = wallClock;
        this.brands = new BrandLabels(registry, settings.maxBrands());
        // Every reason exists from the start, so a rate() over dead letters is 0 rather than absent.
        for (DecodeFailure reason : DecodeFailure.values()) {
            deadLetters.put(reason, Counter.builder("rapport.dead.letters")
                    .description("Input records sent to the dead-letter topic, by reason")
                    .tag("reason", lower(reason))
                    .register(registry));
        }
        // le repeats the SLA's bucket label so queries can pick that bucket with "and on(le) rapport_sla_seconds".
        Gauge.builder("rapport.sla", settings.sla(), sla -> sla.toNanos() / 1e9)
                .baseUnit("seconds")
                .description("The configured response-time SLA; le is the label of the latency bucket at the SLA")
                .tag("le", bucketLabel(settings.sla()))
                .strongReference(true)
                .register(registry);
    }

    /** The {@code le} label Prometheus clients write for a bucket bound of {@code d}. */
    static String bucketLabel(Duration d) {
        return Double.toString(d.toNanos() / 1e9);
    }

    @Override
    public void message(String brandId, Platform platform, Direction direction, boolean broadcast) {
        BrandMeters m = metersOf(brandId);
        m.messages(platform, direction).increment();
        if (broadcast) {
            m.broadcasts.increment();
        }
    }

    @Override
    public void responseLatency(String brandId, Platform platform, long latencyMs) {
        metersOf(brandId).responseLatency.record(latencyMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void firstResponseLatency(String brandId, Platform platform, long latencyMs) {
        metersOf(brandId).firstResponseLatency.record(latencyMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void waitOutcome(String brandId, Platform platform, boolean answeredInTime) {
    }

    @Override
    public void answeredWithinSla(String brandId, Platform platform) {
    }

    @Override
    public void answeredOnOtherPlatform(String brandId, Platform waitPlatform) {
    }

    @Override
    public void broadcastEngaged(String brandId) {
    }

    @Override
    public void negativeLatency(String brandId) {
        metersOf(brandId).negativeLatencies.increment();
    }

    @Override
    public void depthReached(String brandId, int level) {
        if (level >= 1 && level <= DEPTH_LEVELS) {
            metersOf(brandId).depth[level - 1].increment();
        }
    }

    @Override
    public void waitOpened(String taskId, String brandId, long startedAt, long breachAt) {
        String brand = brands.labelOf(brandId);
        meters.computeIfAbsent(brand, BrandMeters::new);
        waits.opened(taskId, brand, startedAt);
    }

    @Override
    public void waitClosed(String taskId, String brandId, long startedAt, long breachAt) {
        waits.closed(taskId, brands.labelOf(brandId), startedAt);
    }

    @Override
    public void taskClosed(String taskId) {
        waits.taskClosed(taskId);
    }

    @Override
    public void alert(EngagementAlert alert) {
        Counter.builder("rapport.alerts")
                .description("Alerts emitted to the alerts topic, by brand, type and status")
                .tag("brand", brands.labelOf(alert.getBrandId()))
                .tag("type", lower(alert.getType()))
                .tag("status", lower(alert.getStatus()))
                .register(registry)
                .increment();
    }

    @Override
    public void deadLetter(DecodeFailure reason) {
        deadLetters.get(reason).increment();
    }

    private BrandMeters metersOf(String brandId) {
        return meters.computeIfAbsent(brands.labelOf(brandId), BrandMeters::new);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The meters of one brand label, looked up once instead of on every record. */
    private final class BrandMeters {
        private final String brand;
        private final Counter[] messages = new Counter[Platform.values().length * Direction.values().length];
        private final Counter broadcasts;
        private final Counter negativeLatencies;
        private final Counter[] depth = new Counter[DEPTH_LEVELS];
        private final Timer responseLatency;
        private final Timer firstResponseLatency;

        BrandMeters(String brand) {
            this.brand = brand;
            broadcasts = Counter.builder("rapport.broadcasts")
                    .description("Brand messages that answer nothing").tag("brand", brand).register(registry);
            negativeLatencies = Counter.builder("rapport.negative.latencies")
                    .description("Answers timed before the message they answer: the wait ends, the sample is discarded")
                    .tag("brand", brand).register(registry);
            for (int level = 1; level <= DEPTH_LEVELS; level++) {
                depth[level - 1] = Counter.builder("rapport.conversation.depth.reached")
                        .description("Conversations that reached a depth (turns); 10+ counts each deeper conversation once")
                        .tag("brand", brand)
                        .tag("level", level == DEPTH_LEVELS ? DEEPEST_LEVEL : Integer.toString(level))
                        .register(registry);
            }
            responseLatency = latencyTimer("rapport.response.latency",
                    "Time from a customer's oldest unanswered message to the brand's answer");
            firstResponseLatency = latencyTimer("rapport.first.response.latency",
                    "Response latency of the first answer a customer gets in a conversation");
            Gauge.builder("rapport.waiting.customers", waits, w -> w.count(brand))
                    .description("Customers waiting for an answer now")
                    .tag("brand", brand).strongReference(true).register(registry);
            TimeGauge.builder("rapport.oldest.wait.age", waits, TimeUnit.MILLISECONDS, this::oldestAgeMillis)
                    .description("How long the customer waiting longest has waited (0 when nobody waits)")
                    .tag("brand", brand).strongReference(true).register(registry);
            // An SLA breach stays in progress until its customer is answered; the alerts topic only has the moment it began.
            Gauge.builder("rapport.alerts.firing", waits,
                            w -> w.countStartedBefore(brand, wallClock.getAsLong() - settings.sla().toMillis()))
                    .description("Alerts in progress now: customers waiting longer than the SLA")
                    .tag("brand", brand).tag("type", lower(AlertType.SLA_BREACH))
                    .strongReference(true).register(registry);
        }

        Counter messages(Platform platform, Direction direction) {
            int i = platform.ordinal() * Direction.values().length + direction.ordinal();
            Counter c = messages[i];
            if (c == null) {
                // A racing thread may register the same counter: the registry hands both the same meter.
                c = Counter.builder("rapport.messages")
                        .description("Messages processed, by brand, platform and direction")
                        .tag("brand", brand).tag("platform", lower(platform)).tag("direction", lower(direction))
                        .register(registry);
                messages[i] = c;
            }
            return c;
        }

        private Timer latencyTimer(String name, String description) {
            return Timer.builder(name)
                    .description(description)
                    .tag("brand", brand)
                    .serviceLevelObjectives(settings.latencyBuckets().toArray(Duration[]::new))
                    .register(registry);
        }

        private double oldestAgeMillis(OpenWaits w) {
            long oldest = w.oldestStart(brand);
            return oldest == Long.MAX_VALUE ? 0 : Math.max(0, wallClock.getAsLong() - oldest);
        }
    }
}
