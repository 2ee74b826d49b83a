package dev.rapport.config;

import dev.rapport.calendar.BusinessHours;
import dev.rapport.calendar.WeeklySchedule;
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
    /**
     * A wait for another instance of the query API. Too short and every answer gathered from several
     * instances is partial; too long and one instance that is down holds every query (and a query
     * thread) that long.
     */
    PEER_TIMEOUT {
        @Override
        String problem(String value) {
            Duration d = Durations.parseOrNull(value);
            if (d == null) {
                return Durations.HELP;
            }
            return d.compareTo(Duration.ofMillis(100)) < 0 || d.compareTo(Duration.ofMinutes(1)) > 0
                    ? "must be from 100ms to 1m"
                    : null;
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
                    ? null
                    : "must be exactly_once_v2 or at_least_once";
        }
    },
    SLA_CLOCK {
        @Override
        String problem(String value) {
            return value.equals("event") || value.equals("wall") ? null : "must be event or wall";
        }
    },
    CONVERSATION_STORE {
        @Override
        String problem(String value) {
            return value.equals("rocksdb") || value.equals("memory") ? null : "must be rocksdb or memory";
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
    BYTE_SIZE {
        @Override
        String problem(String value) {
            Long bytes = ByteSizes.parseOrNull(value);
            return bytes == null ? ByteSizes.HELP : bytes < ByteSizes.MINIMUM ? "must be at least 1MiB" : null;
        }
    },
    TIME_ZONE {
        @Override
        String problem(String value) {
            return value.isEmpty() ? null : parses(() -> BusinessHours.zone(value));
        }
    },
    WEEKLY_SCHEDULE {
        @Override
        String problem(String value) {
            return value.isEmpty() ? null : parses(() -> WeeklySchedule.parse(value));
        }
    },
    DATES {
        @Override
        String problem(String value) {
            return parses(() -> BusinessHours.dates(value));
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
                if (uri.getRawUserInfo() != null) {
                    // URLs are quoted in logs and error messages; credentials have their own settings.
                    return "must not hold credentials: use '" + Setting.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO.key()
                            + "'";
                }
                return (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null)
                        ? null
                        : "must be http(s)://host[:port] or mock://<scope>";
            } catch (IllegalArgumentException e) {
                return "must be http(s)://host[:port] or mock://<scope>";
            }
        }
    },
    /** Confluent's basic.auth.user.info: the user, ':', the password (which may hold ':' itself). */
    USER_INFO {
        @Override
        String problem(String value) {
            return value.isEmpty() || value.indexOf(':') > 0 ? null : "must be user:password";
        }
    },
    TRUST_STORE_TYPE {
        @Override
        String problem(String value) {
            return value.equalsIgnoreCase("PKCS12") || value.equalsIgnoreCase("JKS") ? null : "must be PKCS12 or JKS";
        }
    };

    abstract String problem(String value);

    /** Null if {@code parse} succeeds, else its reason. */
    private static String parses(Runnable parse) {
        try {
            parse.run();
            return null;
        } catch (IllegalArgumentException e) {
            return "is invalid: " + e.getMessage();
        }
    }

    private static Double decimalOrNull(String value) {
        try {
            double d = Double.parseDouble(value);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Memory sizes as people write them: 64MiB, 512MiB, 1GiB, or plain bytes. */
    static final class ByteSizes {
        static final String HELP = "is not a size (examples: 64MiB, 512MiB, 1GiB, 134217728)";
        // Below this RocksDB would flush memtables almost on every write.
        static final long MINIMUM = 1L << 20;
        private static final Pattern SIZE = Pattern.compile("(\\d+)(KiB|MiB|GiB)?");

        private ByteSizes() {}

        static Long parseOrNull(String text) {
            Matcher m = SIZE.matcher(text.trim());
            if (!m.matches()) {
                return null;
            }
            int shift = m.group(2) == null
                    ? 0
                    : switch (m.group(2)) {
                        case "KiB" -> 10;
                        case "MiB" -> 20;
                        default -> 30;
                    };
            try {
                long n = Long.parseLong(m.group(1));
                return n > (Long.MAX_VALUE >> shift) ? null : n << shift;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
