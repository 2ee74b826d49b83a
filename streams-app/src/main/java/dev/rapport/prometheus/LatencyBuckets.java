package dev.rapport.prometheus;

import dev.rapport.config.ConfigException;
import dev.rapport.config.Setting;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The upper bounds of the latency histograms. The SLA is always one of them: the share answered
 * within the SLA is then an exact bucket ratio instead of an interpolation between neighbours.
 */
public final class LatencyBuckets {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private LatencyBuckets() {}

    /** Parses a comma-separated list (30s, 15m, 1h, 7d, 500ms or ISO-8601) and adds {@code sla}; sorted, distinct. */
    public static List<Duration> parse(String list, Duration sla) {
        TreeSet<Duration> bounds = new TreeSet<>();
        for (String item : list.split(",")) {
            if (!item.isBlank()) {
                bounds.add(parseOne(item.strip(), list));
            }
        }
        bounds.add(sla);
        return List.copyOf(new ArrayList<>(bounds));
    }

    private static Duration parseOne(String item, String list) {
        Matcher m = SIMPLE.matcher(item);
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(item);
            } catch (DateTimeParseException e) {
                d = null;
            }
        }
        if (d == null || d.isZero() || d.isNegative()) {
            throw new ConfigException("setting '" + Setting.METRICS_LATENCY_BUCKETS.key() + "': '" + list + "' has '"
                    + item + "', which is not a positive duration (examples: 500ms, 30s, 15m, 1h, 7d, PT1H)");
        }
        return d;
    }
}
