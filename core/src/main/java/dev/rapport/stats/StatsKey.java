package dev.rapport.stats;

/** The key of a brand-stats record: readable by any client, and unique per (brand, window). */
public final class StatsKey {
    private StatsKey() {}

    public static String of(String brandId, long windowStart) {
        return brandId + "@" + windowStart;
    }
}
