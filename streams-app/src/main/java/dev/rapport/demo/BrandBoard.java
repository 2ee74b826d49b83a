package dev.rapport.demo;

import dev.rapport.schema.AlertStatus;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.EngagementAlert;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the demo console shows per brand, folded from the output topics: message totals over all
 * windows, the latest window's latency percentiles, conversations that reached depth 3, and the
 * alerts firing now (FIRING not yet RESOLVED).
 */
final class BrandBoard {
    /** One brand's line on the console. */
    record Line(long inbound, long outbound, Long p50Ms, Long p90Ms, long depth3, int alertsFiring, long breaches) {}

    private final Map<String, BrandWindowStats> latestStatsByKey = new HashMap<>();
    private final Map<String, Set<String>> firingByBrand = new TreeMap<>();
    private final Map<String, Long> breachesByBrand = new HashMap<>();
    private final Map<String, Long> latestWindowStartByBrand = new HashMap<>();

    synchronized void stats(String key, BrandWindowStats stats) {
        latestStatsByKey.put(key, stats);
        latestWindowStartByBrand.merge(stats.getBrandId(), stats.getWindowStart().toEpochMilli(), Math::max);
    }

    synchronized void alert(EngagementAlert alert) {
        Set<String> firing = firingByBrand.computeIfAbsent(alert.getBrandId(), b -> new TreeSet<>());
        if (alert.getStatus() == AlertStatus.FIRING) {
            firing.add(alert.getAlertId());
            if (alert.getType() == dev.rapport.schema.AlertType.SLA_BREACH) {
                breachesByBrand.merge(alert.getBrandId(), 1L, Long::sum);
            }
        } else {
            firing.remove(alert.getAlertId());
        }
    }

    synchronized Map<String, Line> lines() {
        Map<String, long[]> totals = new TreeMap<>();
        Map<String, BrandWindowStats> latest = new HashMap<>();
        for (BrandWindowStats s : latestStatsByKey.values()) {
            long[] t = totals.computeIfAbsent(s.getBrandId(), b -> new long[3]);
            t[0] += s.getInbound();
            t[1] += s.getOutbound();
            t[2] += s.getDepthReached().getOrDefault("3", 0L);
            if (s.getWindowStart().toEpochMilli() == latestWindowStartByBrand.get(s.getBrandId())) {
                latest.put(s.getBrandId(), s);
            }
        }
        Map<String, Line> lines = new TreeMap<>();
        totals.forEach((brand, t) -> {
            BrandWindowStats last = latest.get(brand);
            lines.put(brand, new Line(t[0], t[1], last == null ? null : last.getResponseLatencyP50Ms(),
                    last == null ? null : last.getResponseLatencyP90Ms(), t[2],
                    firingByBrand.getOrDefault(brand, Set.of()).size(), breachesByBrand.getOrDefault(brand, 0L)));
        });
        return lines;
    }
}
