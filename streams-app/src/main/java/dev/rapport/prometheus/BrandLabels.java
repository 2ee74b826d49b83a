package dev.rapport.prometheus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns brand ids into {@code brand} label values. Every label value is a set of series in
 * Prometheus, and brand ids come from the input, so the first {@code maxBrands} distinct brands
 * get their own value and any later one is reported as {@value #OTHER} (and counted), keeping
 * memory here and in Prometheus bounded whatever the input holds.
 */
final class BrandLabels {
    static final String OTHER = "other";
    static final int MAX_LENGTH = 64;

    private final int maxBrands;
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();
    /**
     * Brand ids already given an admitted label, so that a report (several per event) does not
     * sanitize the id again; bounded, because ids that differ past {@value #MAX_LENGTH} characters
     * or in replaced characters share a label.
     */
    private final Map<String, String> labelsById = new ConcurrentHashMap<>();

    private final Counter overflow;

    BrandLabels(MeterRegistry registry, int maxBrands) {
        this.maxBrands = maxBrands;
        this.overflow = Counter.builder("rapport.metrics.brands.overflow")
                .description(
                        "Reports folded into brand=\"other\" because metrics.max-brands brands already have a label")
                .register(registry);
    }

    String labelOf(String brandId) {
        String known = brandId == null ? null : labelsById.get(brandId);
        if (known != null) {
            return known;
        }
        String label = sanitize(brandId);
        if (admitted.contains(label)) {
            return remembered(brandId, label);
        }
        synchronized (this) {
            if (admitted.contains(label) || admitted.size() < maxBrands && admitted.add(label)) {
                return remembered(brandId, label);
            }
        }
        overflow.increment();
        return OTHER;
    }

    private String remembered(String brandId, String label) {
        if (brandId != null && labelsById.size() < 4L * maxBrands) {
            labelsById.put(brandId, label);
        }
        return label;
    }

    /**
     * Letters, digits, '_', '-' and '.' only, at most {@value #MAX_LENGTH} characters: safe in any
     * dashboard URL and query. A brand really named "other" is renamed so it never merges with the overflow.
     */
    static String sanitize(String brandId) {
        String id = brandId == null ? "" : brandId;
        StringBuilder label = new StringBuilder(Math.min(id.length(), MAX_LENGTH));
        for (int i = 0; i < id.length() && label.length() < MAX_LENGTH; i++) {
            char c = id.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '_'
                    || c == '-'
                    || c == '.';
            label.append(allowed ? c : '_');
        }
        String result = label.toString();
        return result.isEmpty() || result.equals(OTHER) ? "_" + result : result;
    }
}
