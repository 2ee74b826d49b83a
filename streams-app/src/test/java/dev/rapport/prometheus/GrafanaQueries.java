package dev.rapport.prometheus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a Grafana query into the PromQL Grafana would send: variables replaced by concrete
 * values, and the {@code label_values(selector, label)} helper of variable queries rewritten
 * as the query that has the same label values.
 */
final class GrafanaQueries {
    private static final Pattern LABEL_VALUES =
            Pattern.compile("label_values\\((?:(.*),\\s*)?(\\w+)\\s*\\)", Pattern.DOTALL);
    private static final Pattern LEFTOVER_VARIABLE = Pattern.compile("\\$\\{?\\w+");

    private final Map<String, String> values = new LinkedHashMap<>();

    /** {@code variables}: name (without '$') to the value to use. */
    GrafanaQueries(Map<String, String> variables) {
        // Longest names first, so $__range is not replaced as $__r... by a shorter one.
        variables.entrySet().stream()
                .sorted((a, b) -> b.getKey().length() - a.getKey().length())
                .forEach(e -> values.put(e.getKey(), e.getValue()));
    }

    String concrete(String query) {
        String result = query;
        for (Map.Entry<String, String> v : values.entrySet()) {
            result = result.replace("${" + v.getKey() + "}", v.getValue()).replace("$" + v.getKey(), v.getValue());
        }
        Matcher leftover = LEFTOVER_VARIABLE.matcher(result);
        if (leftover.find()) {
            throw new IllegalArgumentException("unknown Grafana variable " + leftover.group() + " in " + query);
        }
        Matcher labelValues = LABEL_VALUES.matcher(result.strip());
        if (labelValues.matches()) {
            String selector =
                    labelValues.group(1) == null ? "{" + labelValues.group(2) + "!=\"\"}" : labelValues.group(1);
            return "count by (" + labelValues.group(2) + ") (" + selector + ")";
        }
        return result;
    }
}
