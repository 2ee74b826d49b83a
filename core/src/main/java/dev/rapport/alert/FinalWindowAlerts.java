package dev.rapport.alert;

import dev.rapport.policy.PolicyLookup;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.EngagementAlert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Brand alerts of a finished input, from the final window values: every brand's windows from its
 * first to the last window of the input, in order, with the same {@link BrandAlertRules} the live
 * processor runs. Replay needs this because it widens grace over the whole input, so no window
 * closes while it runs; the end of the input is what closes them.
 */
public final class FinalWindowAlerts {
    private FinalWindowAlerts() {}

    public static List<EngagementAlert> of(
            Collection<BrandWindowStats> finalWindows, Duration window, PolicyLookup policies, long emittedAt) {
        BrandAlertRules rules = new BrandAlertRules();
        Map<String, TreeMap<Long, BrandWindowStats>> byBrand = new TreeMap<>();
        long inputEnd = Long.MIN_VALUE;
        for (BrandWindowStats w : finalWindows) {
            byBrand.computeIfAbsent(w.getBrandId(), b -> new TreeMap<>())
                    .put(w.getWindowStart().toEpochMilli(), w);
            inputEnd = Math.max(inputEnd, w.getWindowEnd().toEpochMilli());
        }
        List<EngagementAlert> alerts = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Long, BrandWindowStats>> brand : byBrand.entrySet()) {
            TreeMap<Long, BrandWindowStats> windows = brand.getValue();
            BrandAlertState state = new BrandAlertState(windows.firstKey());
            alerts.addAll(rules.evaluateClosed(
                    state,
                    brand.getKey(),
                    window,
                    inputEnd,
                    windows::get,
                    policies.forBrand(brand.getKey()),
                    emittedAt));
        }
        return alerts;
    }
}
