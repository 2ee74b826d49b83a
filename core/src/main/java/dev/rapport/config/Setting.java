package dev.rapport.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting Rapport accepts besides raw Kafka client settings ({@code kafka.*}). Each has a
 * default, a validator and a line of documentation; docs/configuration.md lists the same table
 * (DocumentationTest keeps them in step).
 */
public enum Setting {
    BOOTSTRAP_SERVERS(
            "bootstrap.servers",
            "",
            Kind.TEXT,
            "Kafka bootstrap servers. Empty: replay and demo start an embedded single-node broker."),
    SCHEMA_REGISTRY_URL(
            "schema.registry.url",
            "mock://rapport",
            Kind.REGISTRY_URL,
            "Confluent Schema Registry URL (http/https), or mock://<scope> for an in-process registry (demo, replay, bench, tests). run requires an http(s) URL."),
    SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO(
            "schema.registry.basic.auth.user.info",
            "",
            Kind.USER_INFO,
            "HTTP basic authentication to the Schema Registry, as user:password (Confluent's name); write the password as ${env:NAME} or ${file:/path}. Not with a bearer token."),
    SCHEMA_REGISTRY_BEARER_AUTH_TOKEN(
            "schema.registry.bearer.auth.token",
            "",
            Kind.TEXT,
            "A static token sent to the Schema Registry as 'Authorization: Bearer <token>' (Confluent's name). Not with basic authentication."),
    SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION(
            "schema.registry.ssl.truststore.location",
            "",
            Kind.TEXT,
            "Trust store holding the CA certificate(s) an https Schema Registry's certificate is checked against. Empty: the JVM's default trust store."),
    SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD(
            "schema.registry.ssl.truststore.password", "", Kind.TEXT, "Password of that trust store."),
    SCHEMA_REGISTRY_SSL_TRUSTSTORE_TYPE(
            "schema.registry.ssl.truststore.type",
            "PKCS12",
            Kind.TRUST_STORE_TYPE,
            "Format of that trust store: PKCS12 or JKS."),
    APPLICATION_ID(
            "application.id",
            "rapport",
            Kind.TEXT,
            "Kafka Streams application id: consumer group and prefix of internal topics."),
    WINDOW("window", "1h", Kind.DURATION, "Size of the tumbling event-time windows of brand stats."),
    GRACE("grace", "1h", Kind.DURATION_ALLOW_ZERO, "How late an event may arrive and still update its window."),
    SLA("sla", "1h", Kind.DURATION, "How long a customer may wait for an answer before the wait breaches the SLA."),
    RESPONSE_HORIZON(
            "response.horizon",
            "24h",
            Kind.DURATION,
            "A wait still open this long after it started (on the SLA clock) is decided unanswered; an answer within it counts as answered in time. At least the SLA."),
    CONVERSATION_TTL(
            "conversation.ttl",
            "7d",
            Kind.DURATION,
            "A conversation with no event for this long (event time) is evicted from state; its open waits are counted as abandoned first."),
    REORDER_WINDOW(
            "reorder.window",
            "0s",
            Kind.DURATION_ALLOW_ZERO,
            "Events are held this long (event time) and applied in event-time order, so arrivals out of order by less give the same results. Adds as much to output latency."),
    MAX_FUTURE_SKEW(
            "max.future.skew",
            "1d",
            Kind.DURATION,
            "Events timed further ahead of the wall clock than this are dead-lettered."),
    CHANGELOG_RETENTION(
            "changelog.retention",
            "infinite",
            Kind.DURATION_OR_INFINITE,
            "Time retention of the window-store changelog. 'infinite' keeps replays of old data restorable."),
    TOPIC_PARTITIONS("topic.partitions", "3", Kind.POSITIVE_INT, "Partitions of the topics Rapport creates."),
    TOPIC_REPLICATION_FACTOR(
            "topic.replication.factor",
            "-1",
            Kind.REPLICATION_FACTOR,
            "Replication factor of the topics Rapport creates (-1: the broker's default)."),
    COMMAND_RETRY_DEADLINE(
            "command.retry.deadline",
            "5m",
            Kind.DURATION,
            "How long a command (replay, generate, capture, policy; run's topic set-up) keeps retrying a Kafka call that fails with a transient error (timeout, leader change, coordinator move, broker down) before it gives up; while it waits it prints what it waits for. A real error (not authorized, invalid configuration) ends it at once."),
    TOPIC_MIN_INSYNC_REPLICAS(
            "topic.min.insync.replicas",
            "-1",
            Kind.REPLICATION_FACTOR,
            "min.insync.replicas of the topics Rapport and Kafka Streams create, and required of existing ones (-1: the"
                    + " broker's default). With replication factor 3, set 2: an acknowledged write is then on two"
                    + " replicas, and one broker may be down."),
    PROCESSING_GUARANTEE(
            "processing.guarantee", "exactly_once_v2", Kind.GUARANTEE, "exactly_once_v2 (default) or at_least_once."),
    COMMIT_INTERVAL(
            "commit.interval",
            "100ms",
            Kind.DURATION,
            "How often Kafka Streams commits; bounds end-to-end latency under exactly-once."),
    STREAM_THREADS("num.stream.threads", "1", Kind.POSITIVE_INT, "Stream threads of this instance."),
    STATE_DIR(
            "state.dir",
            "",
            Kind.TEXT,
            "Directory of local state stores. Empty: $XDG_STATE_HOME/rapport, or ~/.local/state/rapport without it (not the temp directory, which the OS clears). demo uses a new directory per run, under this one if set, and deletes it on exit."),
    SLA_CLOCK(
            "sla.clock",
            "wall",
            Kind.SLA_CLOCK,
            "wall: an open wait breaches when the wall clock or event time passes its deadline (live). event: event time only; replay always uses event."),
    SLA_WARNING_FRACTION(
            "sla.warning.fraction",
            "0.8",
            Kind.FRACTION,
            "An open wait raises SLA_WARNING when it has lasted this fraction of the SLA."),
    BUSINESS_HOURS_TIME_ZONE(
            "business-hours.time-zone",
            "",
            Kind.TIME_ZONE,
            "Default policy: IANA time zone of the business hours (e.g. Europe/Berlin). Empty: no business hours, the SLA clock always runs."),
    BUSINESS_HOURS_WEEKLY(
            "business-hours.weekly",
            "",
            Kind.WEEKLY_SCHEDULE,
            "Default policy: opening hours in that zone, e.g. 'Mon-Fri 09:00-17:00, Sat 10:00-14:00'. Required with the time zone."),
    BUSINESS_HOURS_HOLIDAYS(
            "business-hours.holidays",
            "",
            Kind.DATES,
            "Default policy: comma-separated local dates (YYYY-MM-DD) on which the brand is closed all day."),
    ALERT_HYSTERESIS(
            "alert.hysteresis",
            "0.1",
            Kind.FRACTION_ALLOW_ZERO,
            "A brand alert resolves only when its value is back past the threshold by this fraction (no flapping)."),
    ALERT_LATENCY_P90(
            "alert.latency.p90",
            "1h",
            Kind.DURATION,
            "LATENCY_DEGRADED fires when a brand window's p90 response latency is above this."),
    ALERT_LATENCY_MIN_SAMPLES(
            "alert.latency.min-samples",
            "10",
            Kind.POSITIVE_INT,
            "Response-latency samples a window needs before LATENCY_DEGRADED judges it."),
    ALERT_BROADCAST_RATIO(
            "alert.broadcast.ratio",
            "0.5",
            Kind.FRACTION,
            "BROADCAST_HEAVY fires when broadcasts / outbound in a brand window is above this."),
    ALERT_BROADCAST_MIN_OUTBOUND(
            "alert.broadcast.min-outbound",
            "10",
            Kind.POSITIVE_INT,
            "Outbound messages a window needs before BROADCAST_HEAVY judges it."),
    ALERT_ENGAGEMENT_DROP_FRACTION(
            "alert.engagement.drop-fraction",
            "0.5",
            Kind.FRACTION,
            "ENGAGEMENT_DROP fires when conversations reaching depth 3 in a window fall below this fraction of the brand's baseline."),
    ALERT_ENGAGEMENT_BASELINE_ALPHA(
            "alert.engagement.baseline-alpha",
            "0.3",
            Kind.FRACTION,
            "Weight of the newest window in the brand's baseline (exponentially weighted moving average)."),
    ALERT_ENGAGEMENT_BASELINE_WINDOWS(
            "alert.engagement.baseline-windows",
            "3",
            Kind.POSITIVE_INT,
            "Windows the baseline must have seen before ENGAGEMENT_DROP judges a window."),
    ALERT_ENGAGEMENT_MIN_BASELINE(
            "alert.engagement.min-baseline",
            "3",
            Kind.POSITIVE_DECIMAL,
            "Smallest baseline (conversations reaching depth 3 per window) ENGAGEMENT_DROP judges against."),
    ALERT_CHANNEL_GAP_RATIO(
            "alert.channel-gap.ratio",
            "0.5",
            Kind.FRACTION,
            "CHANNEL_GAP fires when a platform's answered share of waits is below this fraction of the brand's other platforms."),
    ALERT_CHANNEL_GAP_MIN_WAITS(
            "alert.channel-gap.min-waits",
            "5",
            Kind.POSITIVE_INT,
            "Waits opened a platform (and the other platforms together) need in a window before CHANNEL_GAP judges it."),
    ALERT_RESPONSE_RATE_MIN(
            "alert.response-rate.min",
            "0.9",
            Kind.FRACTION,
            "RESPONSE_RATE_LOW fires when a brand window's response rate (waits answered within the response horizon / waits decided) is below this."),
    ALERT_RESPONSE_RATE_MIN_WAITS(
            "alert.response-rate.min-waits",
            "20",
            Kind.POSITIVE_INT,
            "Decided waits (answered in time plus unanswered) a window needs before RESPONSE_RATE_LOW judges it."),
    QUERY_PORT("query.port", "7070", Kind.PORT, "Port of the query API (run, demo)."),
    QUERY_BIND_ADDRESS("query.bind-address", "127.0.0.1", Kind.TEXT, "Address the query API listens on."),
    QUERY_ADVERTISED_HOST(
            "query.advertised-host",
            "",
            Kind.TEXT,
            "Host other instances use to reach this one's query API (application.server). Empty: the bind address."),
    QUERY_TOKEN("query.token", "", Kind.TEXT, "If set, the query API requires 'Authorization: Bearer <token>'."),
    QUERY_PEER_TIMEOUT(
            "query.peer-timeout",
            "5s",
            Kind.PEER_TIMEOUT,
            "How long an instance waits for another instance's query API (its part of /waits, or a key query it owns) before answering without it; 100ms to 1m."),
    CONVERSATION_STORE(
            "conversation.store",
            "memory",
            Kind.CONVERSATION_STORE,
            "Where conversation-state lives: memory (on the heap, logged: about 160 to 250 bytes of heap per stored conversation with its indexes, restored from its changelog whenever a task starts) or rocksdb (on disk, bounded by state.memory: for more conversations per conversation.ttl than the heap holds, at about two thirds of the throughput)."),
    STATE_MEMORY(
            "state.memory",
            "128MiB",
            Kind.BYTE_SIZE,
            "Off-heap memory of all RocksDB state stores of this process (block cache, indexes, memtables)."),
    METRICS_PORT("metrics.port", "9464", Kind.PORT, "Port of the /metrics, /health/live and /health/ready endpoints."),
    METRICS_BIND_ADDRESS(
            "metrics.bind-address",
            "127.0.0.1",
            Kind.TEXT,
            "Address the metrics endpoint listens on; 0.0.0.0 lets Prometheus in a container network reach it."),
    METRICS_MAX_BRANDS(
            "metrics.max-brands",
            "500",
            Kind.POSITIVE_INT,
            "Most brand label values in metrics; further brands are reported as brand=\"other\"."),
    METRICS_LATENCY_BUCKETS(
            "metrics.latency-buckets",
            "30s,1m,2m,5m,10m,15m,30m,1h,2h,4h,8h,24h",
            Kind.TEXT,
            "Upper bounds of the latency histogram buckets, comma-separated durations; the SLA is always added."),
    METRICS_KAFKA_REFRESH(
            "metrics.kafka-refresh",
            "30s",
            Kind.DURATION,
            "How often Kafka client metrics that appeared since (new tasks after a rebalance) are exported.");

    private final String key;
    private final String defaultValue;
    private final Kind kind;
    private final String doc;

    Setting(String key, String defaultValue, Kind kind, String doc) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.kind = kind;
        this.doc = doc;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String doc() {
        return doc;
    }

    Kind kind() {
        return kind;
    }

    /** The environment variable that sets this: RAPPORT_ + the key upper-cased, dots and dashes as '_'. */
    public String environmentVariable() {
        return environmentName(key);
    }

    static String environmentName(String key) {
        return "RAPPORT_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public static Optional<Setting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }
}
