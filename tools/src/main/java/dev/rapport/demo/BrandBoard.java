package dev.rapport.demo;

import dev.rapport.schema.AlertStatus;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.EngagementAlert;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the demo console shows per brand, folded from the output topics: message totals over all
 * windows, the latest window's latency percentiles, the response rate of the latest closed window,
 * conversations that reached depth 3, and the alerts firing now (FIRING not yet RESOLVED).
 *
 * <p>The response rate comes from a closed window because that is the window RESPONSE_RATE_LOW
 * judges, and because an open window's first minutes hold too few decided waits to mean anything.
 * The board sees no stream time, so it takes the brand's latest window start as a lower bound of
 * it (something of that brand happened at least that late): a window counts as closed once that
 * bound has passed its end plus the grace. In event time (the demo's {@code sla.clock}) that calls
 * a window closed up to one window later than Rapport closes it, never earlier.
 */
final class BrandBoard {
    /**
     * One brand's line on the console.
     *
     * @param responseRate answered in time / (answered in time + unanswered) in the brand's latest
     *     closed window; null before a closed window has a decided wait
     */
    record Line(
            long inbound,
            long outbound,
            Long p50Ms,
            Long p90Ms,
            Double responseRate,
            long depth3,
            int alertsFiring,
            long breaches) {}

    private final long graceMs;
    private final Map<String, BrandWindowStats> latestStatsByKey = new HashMap<>();
    private final Map<String, Set<String>> firingByBrand = new TreeMap<>();
    private final Map<String, Long> breachesByBrand = new HashMap<>();
    private final Map<String, Long> latestWindowStartByBrand = new HashMap<>();

    /** @param grace how long after its end a window still takes events: Rapport's {@code grace} */
    BrandBoard(Duration grace) {
        this.graceMs = grace.toMillis();
    }

    synchronized void stats(String key, BrandWindowStats stats) {
        latestStatsByKey.put(key, stats);
        latestWindowStartByBrand.merge(
                stats.getBrandId(), stats.getWindowStart().toEpochMilli(), Math::max);
    }

    synchronized void alert(EngagementAlert alert) {
        Set<String> firing = firingByBrand.computeIfAbsent(alert.getBrandId(), b -> new TreeSet<>());
        if (alert.getStatus() == AlertStatus.FIRING) {
            firing.add(alert.getAlertId());
            if (alert.getType() == AlertType.SLA_BREACH) {
                breachesByBrand.merge(alert.getBrandId(), 1L, Long::sum);
            }
        } else {
            firing.remove(alert.getAlertId());
        }
    }

    synchronized Map<String, Line> lines() {
        Map<String, long[]> totals = new TreeMap<>();
        Map<String, BrandWindowStats> latest = new HashMap<>();
        Map<String, BrandWindowStats> latestClosed = new HashMap<>();
        for (BrandWindowStats s : latestStatsByKey.values()) {
            long[] t = totals.computeIfAbsent(s.getBrandId(), b -> new long[3]);
            t[0] += s.getInbound();
            t[1] += s.getOutbound();
            t[2] += s.getDepthReached().getOrDefault("3", 0L);
            if (s.getWindowStart().toEpochMilli() == latestWindowStartByBrand.get(s.getBrandId())) {
                latest.put(s.getBrandId(), s);
            }
            if (closed(s)) {
                latestClosed.merge(
                        s.getBrandId(), s, (a, b) -> a.getWindowStart().isAfter(b.getWindowStart()) ? a : b);
            }
        }
        Map<String, Line> lines = new TreeMap<>();
        totals.forEach((brand, t) -> {
            BrandWindowStats last = latest.get(brand);
            lines.put(
                    brand,
                    new Line(
                            t[0],
                            t[1],
                            last == null ? null : last.getResponseLatencyP50Ms(),
                            last == null ? null : last.getResponseLatencyP90Ms(),
                            responseRate(latestClosed.get(brand)),
                            t[2],
                            firingByBrand.getOrDefault(brand, Set.of()).size(),
                            breachesByBrand.getOrDefault(brand, 0L)));
        });
        return lines;
    }

    private boolean closed(BrandWindowStats window) {
        return window.getWindowEnd().toEpochMilli() + graceMs <= latestWindowStartByBrand.get(window.getBrandId());
    }

    private static Double responseRate(BrandWindowStats window) {
        return window == null ? null : window.getResponseRate();
    }
}
