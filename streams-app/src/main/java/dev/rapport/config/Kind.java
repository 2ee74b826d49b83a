package dev.rapport.config;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The type of a setting: how its text is checked. Each check returns null or a reason. */
enum Kind {
    TEXT {
        @Override
        String problem(String value) {
            return null;
        }
    },
    DURATION {
        @Override
        String problem(String value) {
            Duration d = Durations.parseOrNull(value);
            return d == null ? Durations.HELP : d.isZero() ? "must be longer than zero" : null;
        }
    },
    DURATION_ALLOW_ZERO {
        @Override
        String problem(String value) {
            return Durations.parseOrNull(value) == null ? Durations.HELP : null;
        }
    },
    DURATION_OR_INFINITE {
        @Override
        String problem(String value) {
            return "infinite".equals(value) ? null : DURATION.problem(value);
        }
    },
    POSITIVE_INT {
        @Override
        String problem(String value) {
            try {
                return Integer.parseInt(value) >= 1 ? null : "must be at least 1";
            } catch (NumberFormatException e) {
                return "is not a whole number";
            }
        }
    },
    REPLICATION_FACTOR {
        @Override
        String problem(String value) {
            return "-1".equals(value) ? null : POSITIVE_INT.problem(value);
        }
    },
    GUARANTEE {
        @Override
        String problem(String value) {
            return value.equals("exactly_once_v2") || value.equals("at_least_once")
                    ? null : "must be exactly_once_v2 or at_least_once";
        }
    },
    SLA_CLOCK {
        @Override
        String problem(String value) {
            return value.equals("event") || value.equals("wall") ? null : "must be event or wall";
        }
    },
    FRACTION {
        @Override
        String problem(String value) {
            Double d = decimalOrNull(value);
            return d == null ? "is not a number" : d > 0 && d < 1 ? null : "must be between 0 and 1 (exclusive)";
        }
    },
    FRACTION_ALLOW_ZERO {
        @Override
        String problem(String value) {
            Double d = decimalOrNull(value);
            return d == null ? "is not a number" : d >= 0 && d < 1 ? null : "must be at least 0 and below 1";
        }
    },
    POSITIVE_DECIMAL {
        @Override
        String problem(String value) {
            Double d = decimalOrNull(value);
            return d == null ? "is not a number" : d > 0 ? null : "must be greater than 0";
        }
    },
    PORT {
        @Override
        String problem(String value) {
            try {
                int port = Integer.parseInt(value);
                return port >= 0 && port <= 65535 ? null : "must be a port number from 0 to 65535";
            } catch (NumberFormatException e) {
                return "is not a port number";
            }
        }
    },
    REGISTRY_URL {
        @Override
        String problem(String value) {
            String lower = value.toLowerCase(Locale.ROOT);
            if (lower.startsWith("mock://") && value.length() > "mock://".length()) {
                return null;
            }
            try {
                URI uri = URI.create(value);
                return (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null)
                        ? null : "must be http(s)://host[:port] or mock://<scope>";
            } catch (IllegalArgumentException e) {
                return "must be http(s)://host[:port] or mock://<scope>";
            }
        }
    };

    abstract String problem(String value);

    private static Double decimalOrNull(String value) {
        try {
            double d = Double.parseDouble(value);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Durations as people write them: 500ms, 30s, 15m, 1h, 7d, or ISO-8601 (PT1H). */
    static final class Durations {
        static final String HELP = "is not a duration (examples: 500ms, 30s, 15m, 1h, 7d, PT1H)";
        private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h|d)");

        private Durations() {}

        static Duration parseOrNull(String text) {
            Matcher m = SIMPLE.matcher(text.trim());
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            try {
                Duration d = Duration.parse(text.trim());
                return d.isNegative() ? null : d;
            } catch (RuntimeException e) {
                return null;
            }
        }
    }
}
