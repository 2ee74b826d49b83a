package dev.rapport.prometheus;

import dev.rapport.metrics.EngagementMetrics;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.BrandWindowStats;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * {@link EngagementMetrics} as Micrometer meters, named for Prometheus ({@code rapport_*}, base
 * units, {@code _total}). Latencies are classic histograms with fixed buckets, not client-side
 * percentiles, so quantiles can be aggregated across instances. Label values are lower-case;
 * brand labels go through {@link BrandLabels}; message content, customer, conversation and
 * author ids never become labels (responders are exported as counts and shares, never by name).
 * Series that carry a platform exist only for the platforms a brand's customers wrote on.
 */
public final class MicrometerEngagementMetrics implements EngagementMetrics {
    /** Conversations deeper than this count only once, under {@value #DEEPEST_LEVEL}. */
    static final int DEPTH_LEVELS = 10;

    static final String DEEPEST_LEVEL = DEPTH_LEVELS + "+";
    private static final String ALERTS_FIRING_DESCRIPTION = "Alerts in progress now: customers waiting past"
            + " their brand's SLA (type sla_breach), and brand alerts firing (the brand-window alert types)";

    private final MeterRegistry registry;
    private final MetricsSettings settings;
    private final LongSupplier wallClock;
    private final BrandLabels brands;
    private final OpenWaits waits = new OpenWaits();
    private final NewestBrandWindows newestWindows = new NewestBrandWindows();
    private final FiringBrandAlerts firingAlerts = new FiringBrandAlerts();
    private final Map<String, BrandMeters> meters = new ConcurrentHashMap<>();
    private final Map<DecodeFailure, Counter> deadLetters = new EnumMap<>(DecodeFailure.class);

    public MicrometerEngagementMetrics(MeterRegistry registry, MetricsSettings settings, LongSupplier wallClock) {
        this.registry = registry;
        this.settings = settings;
        this.wallClock = wallClock;
        this.brands = new BrandLabels(registry, settings.maxBrands());
        // Every reason exists from the start, so a rate() over dead letters is 0 rather than absent.
        for (DecodeFailure reason : DecodeFailure.values()) {
            deadLetters.put(
                    reason,
                    Counter.builder("rapport.dead.letters")
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
        if (direction == Direction.INBOUND) {
            // A customer message opens waits on its platform: their series start at 0 now, so an outcome
            // decided after the next scrape (an unanswered one always is, a horizon later) shows in increase().
            m.platform(platform);
        }
    }

    @Override
    public void responseLatency(String brandId, Platform platform, long latencyMs) {
        metersOf(brandId).platform(platform).responseLatency.record(latencyMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void firstResponseLatency(String brandId, Platform platform, long latencyMs) {
        metersOf(brandId).platform(platform).firstResponseLatency.record(latencyMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void waitOutcome(String brandId, Platform platform, boolean answeredInTime) {
        PlatformMeters m = metersOf(brandId).platform(platform);
        (answeredInTime ? m.answeredInTime : m.unanswered).increment();
    }

    @Override
    public void answeredWithinSla(String brandId, Platform platform) {
        metersOf(brandId).platform(platform).answeredWithinSla.increment();
    }

    @Override
    public void answeredOnOtherPlatform(String brandId, Platform waitPlatform) {
        metersOf(brandId).platform(waitPlatform).answeredOnOtherPlatform.increment();
    }

    @Override
    public void broadcastEngaged(String brandId) {
        metersOf(brandId).broadcastsEngaged.increment();
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
        waits.opened(taskId, brand, startedAt, breachAt);
    }

    @Override
    public void waitClosed(String taskId, String brandId, long startedAt, long breachAt) {
        waits.closed(taskId, brands.labelOf(brandId), startedAt, breachAt);
    }

    @Override
    public void brandWindow(String taskId, BrandWindowStats stats) {
        String brand = brands.labelOf(stats.getBrandId());
        metersOfLabel(brand).registerWindowGauges();
        Double share = stats.getTopResponderShare();
        newestWindows.report(
                taskId,
                brand,
                new NewestBrandWindows.Window(
                        stats.getWindowStart().toEpochMilli(),
                        stats.getResponders(),
                        share == null ? Double.NaN : share));
    }

    @Override
    public void brandAlertsFiring(String taskId, String brandId, Map<AlertType, Integer> firingByType) {
        if (firingByType.isEmpty()) {
            // No label needed to forget: a brand beyond metrics.max-brands is not counted as overflow again.
            firingAlerts.report(taskId, brandId, null, firingByType);
            return;
        }
        String brand = brands.labelOf(brandId);
        BrandMeters m = metersOfLabel(brand);
        firingByType.keySet().forEach(m::registerAlertsFiringGauge);
        firingAlerts.report(taskId, brandId, brand, firingByType);
    }

    @Override
    public void taskClosed(String taskId) {
        waits.taskClosed(taskId);
        newestWindows.taskClosed(taskId);
        firingAlerts.taskClosed(taskId);
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

    /** For a label {@link BrandLabels} already gave: labelOf again would rename "other" and count overflow twice. */
    private BrandMeters metersOfLabel(String brand) {
        return meters.computeIfAbsent(brand, BrandMeters::new);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The meters of one brand label, looked up once instead of on every record. */
    private final class BrandMeters {
        private final String brand;
        private final Counter[] messages = new Counter[Platform.values().length * Direction.values().length];
        private final PlatformMeters[] platforms = new PlatformMeters[Platform.values().length];
        private final Set<AlertType> firingGauges = ConcurrentHashMap.newKeySet();
        private volatile boolean windowGauges;
        private final Counter broadcasts;
        private final Counter broadcastsEngaged;
        private final Counter negativeLatencies;
        private final Counter[] depth = new Counter[DEPTH_LEVELS];

        BrandMeters(String brand) {
            this.brand = brand;
            broadcasts = Counter.builder("rapport.broadcasts")
                    .description("Brand messages that answer nothing")
                    .tag("brand", brand)
                    .register(registry);
            broadcastsEngaged = Counter.builder("rapport.broadcasts.engaged")
                    .description("Broadcasts that got their first customer reply, counted at that reply")
                    .tag("brand", brand)
                    .register(registry);
            negativeLatencies = Counter.builder("rapport.negative.latencies")
                    .description("Answers timed before the message they answer: the wait ends, the sample is discarded")
                    .tag("brand", brand)
                    .register(registry);
            for (int level = 1; level <= DEPTH_LEVELS; level++) {
                depth[level - 1] = Counter.builder("rapport.conversation.depth.reached")
                        .description(
                                "Conversations that reached a depth (turns); 10+ counts each deeper conversation once")
                        .tag("brand", brand)
                        .tag("level", level == DEPTH_LEVELS ? DEEPEST_LEVEL : Integer.toString(level))
                        .register(registry);
            }
            Gauge.builder("rapport.waiting.customers", waits, w -> w.count(brand))
                    .description("Customers waiting for an answer now")
                    .tag("brand", brand)
                    .strongReference(true)
                    .register(registry);
            TimeGauge.builder("rapport.oldest.wait.age", waits, TimeUnit.MILLISECONDS, this::oldestAgeMillis)
                    .description("How long the customer waiting longest has waited (0 when nobody waits)")
                    .tag("brand", brand)
                    .strongReference(true)
                    .register(registry);
            // An SLA breach stays in progress until its customer is answered; the alerts topic only has the moment it
            // began.
            // Each wait carries its own deadline: brands have their own SLA and business hours.
            Gauge.builder("rapport.alerts.firing", waits, w -> w.countBreachedBefore(brand, wallClock.getAsLong()))
                    .description(ALERTS_FIRING_DESCRIPTION)
                    .tag("brand", brand)
                    .tag("type", lower(AlertType.SLA_BREACH))
                    .strongReference(true)
                    .register(registry);
        }

        Counter messages(Platform platform, Direction direction) {
            int i = platform.ordinal() * Direction.values().length + direction.ordinal();
            Counter c = messages[i];
            if (c == null) {
                // A racing thread may register the same counter: the registry hands both the same meter.
                c = Counter.builder("rapport.messages")
                        .description("Messages processed, by brand, platform and direction")
                        .tag("brand", brand)
                        .tag("platform", lower(platform))
                        .tag("direction", lower(direction))
                        .register(registry);
                messages[i] = c;
            }
            return c;
        }

        PlatformMeters platform(Platform platform) {
            PlatformMeters m = platforms[platform.ordinal()];
            if (m == null) {
                // As for messages: racing threads build equal objects over the same registered meters.
                m = new PlatformMeters(brand, platform);
                platforms[platform.ordinal()] = m;
            }
            return m;
        }

        /**
         * The responder gauges exist from a brand's first window on, not for brands whose windows are
         * elsewhere. Two threads registering at once is harmless: the registry keeps the first gauge.
         */
        void registerWindowGauges() {
            if (windowGauges) {
                return;
            }
            Gauge.builder("rapport.window.responders", newestWindows, w -> responders(w.newest(brand)))
                    .description(
                            "Distinct authors of the brand's messages in its newest window (NaN while no task here holds the brand)")
                    .tag("brand", brand)
                    .strongReference(true)
                    .register(registry);
            Gauge.builder("rapport.window.top.responder.share", newestWindows, w -> topShare(w.newest(brand)))
                    .description("Share of the brand's messages in its newest window written by its busiest author"
                            + " (NaN without brand messages in the window, or while no task here holds the brand)")
                    .tag("brand", brand)
                    .strongReference(true)
                    .register(registry);
            windowGauges = true;
        }

        void registerAlertsFiringGauge(AlertType type) {
            if (firingGauges.add(type)) {
                Gauge.builder("rapport.alerts.firing", firingAlerts, f -> f.count(brand, type))
                        .description(ALERTS_FIRING_DESCRIPTION)
                        .tag("brand", brand)
                        .tag("type", lower(type))
                        .strongReference(true)
                        .register(registry);
            }
        }

        private double oldestAgeMillis(OpenWaits w) {
            long oldest = w.oldestStart(brand);
            return oldest == Long.MAX_VALUE ? 0 : Math.max(0, wallClock.getAsLong() - oldest);
        }
    }

    private static double responders(NewestBrandWindows.Window window) {
        return window == null ? Double.NaN : window.responders();
    }

    private static double topShare(NewestBrandWindows.Window window) {
        return window == null ? Double.NaN : window.topResponderShare();
    }

    /**
     * The wait meters of one brand on one platform, the platform of the customer message that
     * opened the wait (not the answer's).
     */
    private final class PlatformMeters {
        private final Timer responseLatency;
        private final Timer firstResponseLatency;
        private final Counter answeredInTime;
        private final Counter unanswered;
        private final Counter answeredWithinSla;
        private final Counter answeredOnOtherPlatform;

        PlatformMeters(String brand, Platform platform) {
            String platformLabel = lower(platform);
            responseLatency = latencyTimer(
                    "rapport.response.latency",
                    "Time from a customer's oldest unanswered message to the brand's answer",
                    brand,
                    platformLabel);
            firstResponseLatency = latencyTimer(
                    "rapport.first.response.latency",
                    "Response latency of the first answer a customer gets in a conversation",
                    brand,
                    platformLabel);
            answeredInTime = outcome("answered_in_time", brand, platformLabel);
            unanswered = outcome("unanswered", brand, platformLabel);
            answeredWithinSla = Counter.builder("rapport.waits.answered.within.sla")
                    .description(
                            "Waits answered within their brand's SLA, on its SLA clock (business hours when it has them)")
                    .tag("brand", brand)
                    .tag("platform", platformLabel)
                    .register(registry);
            answeredOnOtherPlatform = Counter.builder("rapport.waits.answered.on.other.platform")
                    .description("Waits answered (any latency) on another platform than the one the customer wrote on")
                    .tag("brand", brand)
                    .tag("platform", platformLabel)
                    .register(registry);
        }

        private Counter outcome(String outcome, String brand, String platformLabel) {
            return Counter.builder("rapport.wait.outcomes")
                    .description("Waits decided: answered within the response horizon (answered_in_time),"
                            + " or still open when it passed (unanswered); each wait counts once")
                    .tag("brand", brand)
                    .tag("platform", platformLabel)
                    .tag("outcome", outcome)
                    .register(registry);
        }

        private Timer latencyTimer(String name, String description, String brand, String platformLabel) {
            return Timer.builder(name)
                    .description(description)
                    .tag("brand", brand)
                    .tag("platform", platformLabel)
                    .serviceLevelObjectives(settings.latencyBuckets().toArray(Duration[]::new))
                    .register(registry);
        }
    }
}
