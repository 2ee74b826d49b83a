import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.schema.MessageEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The fault test's observer and judge, run as the cluster's admin user (it reads everything, and its
 * reads never count against the quota that paces Rapport's own consumers):
 *
 * <pre>
 * settle  PROPS GROUP TIMEOUT_S QUIET_S   wait until GROUP committed the end of rapport.messages and the
 *                                         outputs' committed ends stayed put for QUIET_S
 * capture PROPS FILE                      read the outputs read_committed; write the final value of every
 *                                         brand window and every alert record (emittedAt left out) to FILE,
 *                                         sorted; fail on a duplicate alert or anything dead-lettered
 * txns    PROPS PREFIX                    fail if a transactional id starting with PREFIX is ONGOING
 * monitor PROPS GROUP FILE                until killed: one line per second with the input offsets GROUP has
 *                                         committed and the committed output records that arrived
 * input-bytes PROPS                       print the size of rapport.messages (one replica of each partition)
 * feed    PROPS FROM TO RATE PROGRESS FAST copy every record of topic FROM to the same partition of TO (key,
 *                                         value, headers, timestamp), the partitions merged in timestamp
 *                                         order, RATE records a second (0: as fast as it can) until the file
 *                                         FAST exists; one progress line a second to PROGRESS; fail unless
 *                                         TO grew by exactly FROM's records, partition by partition
 * truncate PROPS TOPIC                    delete every record of TOPIC (deleteRecords: the topic and its
 *                                         settings stay, its start offsets move to its ends)
 * peer-key PROPS FROM PREFERRED OTHER    print the query port of the instance to kill, a conversation of topic
 *                                         FROM it owns and that conversation's brand: the instance on port
 *                                         PREFERRED if it owns any conversation, else the one on OTHER
 * peer-down PROPS SURVIVOR VICTIM CONV BRAND   with VICTIM down: SURVIVOR answers /waits partially naming
 *                                         VICTIM (header and body), and 503 naming VICTIM for CONV
 * report  MONITOR_FILE FAULTS_FILE        per fault: time from the kill until output arrived again, the
 *                                         longest output gap after it, and the input rate around it
 * </pre>
 *
 * Exit status 1 with a line on stderr when a check fails.
 */
public class FaultCheck {
    static final String INPUT = "rapport.messages";
    static final String STATS = "rapport.brand-stats";
    static final String ALERTS = "rapport.alerts";
    static final String DEAD_LETTER = "rapport.dead-letter";

    public static void main(String[] args) throws Exception {
        if (args[0].equals("report")) {
            report(Path.of(args[2]), Path.of(args[3])); // args[1]: the client properties fc always passes
            return;
        }
        Properties props = new Properties();
        try (var in = Files.newBufferedReader(Path.of(args[1]))) {
            props.load(in);
        }
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        switch (args[0]) {
            case "settle" -> settle(props, args[2], Long.parseLong(args[3]), Long.parseLong(args[4]));
            case "capture" -> capture(props, Path.of(args[2]));
            case "txns" -> transactions(props, args[2]);
            case "monitor" -> monitor(props, args[2], Path.of(args[3]));
            case "input-bytes" -> inputBytes(props);
            case "feed" ->
                feed(props, args[2], args[3], Double.parseDouble(args[4]), Path.of(args[5]), Path.of(args[6]));
            case "truncate" -> truncate(props, args[2]);
            case "peer-key" -> peerKey(props, args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "peer-down" -> peerDown(Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4], args[5]);
            default -> fail("unknown command " + args[0]);
        }
    }

    static void fail(String message) {
        System.err.println("FAIL: " + message);
        System.exit(1);
    }

    // --- settle ---------------------------------------------------------------------------------

    static void settle(Properties props, String group, long timeoutS, long quietS) throws Exception {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(timeoutS);
        Map<TopicPartition, Long> lastOutputEnds = Map.of();
        long stableSince = 0;
        String state = "no answer yet";
        try (Admin admin = Admin.create(props)) {
            while (System.nanoTime() < deadline) {
                try {
                    Map<TopicPartition, Long> inputEnds = ends(admin, List.of(INPUT), IsolationLevel.READ_UNCOMMITTED);
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata()
                            .get(30, TimeUnit.SECONDS);
                    long lag = 0;
                    for (var e : inputEnds.entrySet()) {
                        OffsetAndMetadata c = committed.get(e.getKey());
                        lag += e.getValue() - (c == null ? 0 : c.offset());
                    }
                    Map<TopicPartition, Long> outputEnds =
                            ends(admin, List.of(STATS, ALERTS, DEAD_LETTER), IsolationLevel.READ_COMMITTED);
                    if (lag == 0 && outputEnds.equals(lastOutputEnds)) {
                        if (stableSince == 0) stableSince = System.nanoTime();
                        if (System.nanoTime() - stableSince >= TimeUnit.SECONDS.toNanos(quietS)) {
                            System.out.printf(
                                    Locale.ROOT,
                                    "settled after %.1f s: input consumed, outputs unchanged for %d s%n",
                                    (System.nanoTime() - start) / 1e9,
                                    quietS);
                            return;
                        }
                    } else {
                        stableSince = 0;
                    }
                    lastOutputEnds = outputEnds;
                    state = "input lag " + lag + " records";
                } catch (Exception e) {
                    state = "admin call failed: " + e;
                }
                Thread.sleep(1000);
            }
        }
        fail("not settled after " + timeoutS + " s: " + state);
    }

    static Map<TopicPartition, Long> ends(Admin admin, Collection<String> topics, IsolationLevel isolation)
            throws Exception {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        admin.describeTopics(topics)
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .forEach((name, d) -> d.partitions()
                        .forEach(p -> specs.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        return admin
                .listOffsets(specs, new ListOffsetsOptions(isolation))
                .all()
                .get(30, TimeUnit.SECONDS)
                .entrySet()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    static void inputBytes(Properties props) throws Exception {
        try (Admin admin = Admin.create(props)) {
            List<Integer> brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                    .map(n -> n.id())
                    .toList();
            Map<TopicPartition, Long> size = new HashMap<>();
            admin.describeLogDirs(brokers)
                    .allDescriptions()
                    .get(30, TimeUnit.SECONDS)
                    .values()
                    .forEach(dirs -> dirs.values()
                            .forEach(dir -> dir.replicaInfos().forEach((tp, info) -> {
                                if (tp.topic().equals(INPUT)) size.merge(tp, info.size(), Math::max);
                            })));
            System.out.println(size.values().stream().mapToLong(Long::longValue).sum());
        }
    }

    static Map<TopicPartition, Long> starts(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(topic)
                .partitions()
                .forEach(p -> specs.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest()));
        return admin.listOffsets(specs).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    // --- feed and truncate ----------------------------------------------------------------------

    static void feed(Properties props, String from, String to, double rate, Path progress, Path fast) throws Exception {
        // every record of FROM, partition by partition, in offset order
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> source = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(props, from)) {
            source.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r);
        }
        int partitions;
        try (Admin admin = Admin.create(props)) {
            partitions = admin.describeTopics(List.of(from))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(from)
                    .partitions()
                    .size();
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(to)) {
                admin.createTopics(List.of(new NewTopic(to, Optional.of(partitions), Optional.empty())))
                        .all()
                        .get(60, TimeUnit.SECONDS);
            }
        }
        Map<TopicPartition, Long> before;
        try (Admin admin = Admin.create(props)) {
            int toPartitions = admin.describeTopics(List.of(to))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(to)
                    .partitions()
                    .size();
            if (toPartitions != partitions)
                fail(to + " has " + toPartitions + " partitions, " + from + " " + partitions);
            before = ends(admin, List.of(to), IsolationLevel.READ_UNCOMMITTED);
        }
        long total = source.values().stream().mapToLong(List::size).sum();
        Properties p = new Properties();
        p.putAll(props);
        p.remove(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // idempotent, acks=all, and retried through a broker's kill and restart: nothing lost, nothing twice
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "600000");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "600000");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        Map<Integer, Long> acked = new ConcurrentHashMap<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong ackedTotal = new AtomicLong();
        Map<Integer, Integer> next = new HashMap<>();
        source.keySet().forEach(k -> next.put(k, 0));
        long start = System.nanoTime();
        long sent = 0, nextProgress = 0;
        boolean paced = rate > 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p);
                BufferedWriter out = Files.newBufferedWriter(progress)) {
            while (sent < total) {
                // the partition whose next record is the earliest: event time advances evenly in all
                int pick = -1;
                long earliest = Long.MAX_VALUE;
                for (var e : next.entrySet()) {
                    List<ConsumerRecord<byte[], byte[]>> records = source.get(e.getKey());
                    if (e.getValue() < records.size()
                            && records.get(e.getValue()).timestamp() < earliest) {
                        earliest = records.get(e.getValue()).timestamp();
                        pick = e.getKey();
                    }
                }
                ConsumerRecord<byte[], byte[]> r = source.get(pick).get(next.get(pick));
                next.merge(pick, 1, Integer::sum);
                if (paced) {
                    long due = start + (long) (sent * 1e9 / rate);
                    while (System.nanoTime() < due) {
                        if (Files.exists(fast)) {
                            paced = false;
                            break;
                        }
                        Thread.sleep(Math.max(1, Math.min(100, (due - System.nanoTime()) / 1_000_000)));
                    }
                }
                int partition = r.partition();
                producer.send(
                        new ProducerRecord<>(to, partition, r.timestamp(), r.key(), r.value(), r.headers()),
                        (metadata, e) -> {
                            if (e != null) failure.compareAndSet(null, e);
                            else {
                                acked.merge(partition, 1L, Long::sum);
                                ackedTotal.incrementAndGet();
                            }
                        });
                sent++;
                if (failure.get() != null) fail("feeding " + to + ": " + failure.get());
                long now = System.currentTimeMillis();
                if (now >= nextProgress) {
                    out.write("fed " + now + " " + sent + " " + ackedTotal.get() + " " + total + "\n");
                    out.flush();
                    nextProgress = now + 1000;
                }
            }
            producer.flush();
            out.write("fed " + System.currentTimeMillis() + " " + sent + " " + ackedTotal.get() + " " + total + "\n");
        }
        if (failure.get() != null) fail("feeding " + to + ": " + failure.get());
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, Long> after = ends(admin, List.of(to), IsolationLevel.READ_UNCOMMITTED);
            for (var e : source.entrySet()) {
                TopicPartition tp = new TopicPartition(to, e.getKey());
                long grew = after.get(tp) - before.get(tp);
                if (grew != e.getValue().size()
                        || acked.getOrDefault(e.getKey(), 0L) != e.getValue().size()) {
                    fail(tp + " grew by " + grew + " records (" + acked.get(e.getKey()) + " acknowledged), " + from
                            + "-" + e.getKey() + " has " + e.getValue().size());
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "fed %d records from %s to %s in %.1f s%n",
                total,
                from,
                to,
                (System.nanoTime() - start) / 1e9);
    }

    static void truncate(Properties props, String topic) throws Exception {
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, RecordsToDelete> deletes = new HashMap<>();
            ends(admin, List.of(topic), IsolationLevel.READ_UNCOMMITTED)
                    .forEach((tp, end) -> deletes.put(tp, RecordsToDelete.beforeOffset(end)));
            admin.deleteRecords(deletes).all().get(60, TimeUnit.SECONDS);
            Map<TopicPartition, Long> starts = starts(admin, topic);
            Map<TopicPartition, Long> ends = ends(admin, List.of(topic), IsolationLevel.READ_UNCOMMITTED);
            if (!starts.equals(ends))
                fail(topic + " not empty after deleteRecords: starts " + starts + ", ends " + ends);
        }
    }

    // --- the query API with an instance down ----------------------------------------------------

    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String instance(int port) {
        return "127.0.0.1:" + port; // query.bind-address, the default advertised host
    }

    private static void reportOwnerFound(long started, int passes, int unavailable, String lastUnavailable) {
        System.err.printf(
                Locale.ROOT,
                "owner found in %.1f s, %d passes, %d answers 503 (last: %s)%n",
                (System.nanoTime() - started) / 1e9,
                passes,
                unavailable,
                lastUnavailable);
    }

    /**
     * A conversation the victim owns, found by asking for early ones. Kafka Streams may give all
     * partitions of the conversation store to one of the two instances (it balances tasks over all
     * sub-topologies); then that one is the victim, as only the loss of an owner shows in the answers.
     */
    static void peerKey(Properties props, String from, int preferred, int other) throws Exception {
        SpecificDatumReader<MessageEvent> reader = new SpecificDatumReader<>(MessageEvent.class);
        Map<String, String> brandOf = new java.util.LinkedHashMap<>();
        Properties c = consumerProps(props);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            List<TopicPartition> partitions = consumer.partitionsFor(from, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(from, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (brandOf.size() < 40 && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    MessageEvent event = reader.read(null, body(r.value()));
                    brandOf.putIfAbsent(event.getConversationId(), event.getBrandId());
                }
            }
        }
        String last = "no conversation tried";
        long started = System.nanoTime();
        long deadline = started + TimeUnit.SECONDS.toNanos(120);
        int passes = 0, unavailable = 0;
        String lastUnavailable = "none";
        while (System.nanoTime() < deadline) {
            passes++;
            String ofOther = null;
            boolean busy = false;
            for (var e : brandOf.entrySet()) {
                HttpResponse<String> answer = get(other, "/conversations/" + e.getKey());
                String servedBy =
                        answer.headers().firstValue("X-Rapport-Served-By").orElse("");
                last = e.getKey() + ": HTTP " + answer.statusCode() + " served by '" + servedBy + "' "
                        + answer.body().substring(0, Math.min(200, answer.body().length()));
                if (answer.statusCode() == 503) { // restoring or rebalancing: wait and start over
                    busy = true;
                    unavailable++;
                    lastUnavailable = last;
                    break;
                }
                // 200, or 404 for one it no longer holds: owned all the same
                if (servedBy.equals(instance(preferred))) {
                    System.out.println(preferred + " " + e.getKey() + " " + e.getValue());
                    reportOwnerFound(started, passes, unavailable, lastUnavailable);
                    return;
                }
                if (ofOther == null && servedBy.equals(instance(other))) ofOther = e.getKey();
            }
            if (!busy && ofOther != null) {
                System.out.println(other + " " + ofOther + " " + brandOf.get(ofOther));
                reportOwnerFound(started, passes, unavailable, lastUnavailable);
                return;
            }
            Thread.sleep(1000);
        }
        fail("no conversation owner found through " + instance(other) + " in 120 s; last answer " + last);
    }

    static void peerDown(int survivor, int victim, String conversation, String brand) throws Exception {
        String dead = instance(victim);
        String waitsPath = "/waits?brand=" + java.net.URLEncoder.encode(brand, StandardCharsets.UTF_8);
        String state = "no answer";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        // the survivor may still be busy with an earlier fault (503 while it restores): retry briefly
        while (System.nanoTime() < deadline) {
            HttpResponse<String> waits = get(survivor, waitsPath);
            HttpResponse<String> key = get(survivor, "/conversations/" + conversation);
            state = "/waits: HTTP " + waits.statusCode() + " " + waits.headers().map() + " "
                    + waits.body().substring(0, Math.min(300, waits.body().length())) + "; /conversations/"
                    + conversation + ": HTTP " + key.statusCode() + " "
                    + key.headers().map() + " " + key.body();
            if (waits.statusCode() == 503
                    || (key.statusCode() == 503 && !key.body().contains("\"owner\""))) {
                Thread.sleep(500);
                continue;
            }
            List<String> wrong = new ArrayList<>();
            JsonNode w = JSON.readTree(waits.body());
            JsonNode missing = w.path("missingInstances");
            if (waits.statusCode() != 200) wrong.add("/waits answered HTTP " + waits.statusCode());
            if (!waits.headers()
                    .firstValue("Rapport-Missing-Instances")
                    .orElse("")
                    .equals(dead)) wrong.add("/waits: header Rapport-Missing-Instances is not " + dead);
            if (w.path("complete").asBoolean(true)) wrong.add("/waits: complete is not false");
            if (missing.size() != 1 || !missing.get(0).path("instance").asText().equals(dead))
                wrong.add("/waits: missingInstances does not name " + dead + " alone");
            else if (!missing.get(0).path("reason").asText().equals("connection refused"))
                wrong.add("/waits: reason is not 'connection refused'");
            JsonNode k = key.statusCode() == 503 ? JSON.readTree(key.body()) : JSON.createObjectNode();
            if (key.statusCode() != 503)
                wrong.add("/conversations/" + conversation + " answered HTTP " + key.statusCode());
            if (!key.headers()
                    .firstValue("Rapport-Missing-Instances")
                    .orElse("")
                    .equals(dead)) wrong.add("/conversations: header Rapport-Missing-Instances is not " + dead);
            if (key.headers().firstValue("Retry-After").isEmpty()) wrong.add("/conversations: no Retry-After");
            if (!k.path("owner").asText().equals(dead)) wrong.add("/conversations: owner is not " + dead);
            if (!k.path("error").asText().contains(dead)) wrong.add("/conversations: error does not name " + dead);
            if (!wrong.isEmpty()) fail("query API with " + dead + " down: " + wrong + "; " + state);
            System.out.printf(
                    Locale.ROOT,
                    "query API with %s down: /waits?brand=%s from %s: 200, complete=false, Rapport-Missing-Instances: %s"
                            + " (%s), %d waits of its own; /conversations/%s: 503, owner %s, Retry-After %s%n",
                    dead,
                    brand,
                    instance(survivor),
                    dead,
                    missing.get(0).path("reason").asText(),
                    w.path("waiting").asInt(),
                    conversation,
                    k.path("owner").asText(),
                    key.headers().firstValue("Retry-After").orElse(""));
            return;
        }
        fail("query API with " + dead + " down: no answer but 503 in 30 s; last: " + state);
    }

    // --- capture --------------------------------------------------------------------------------

    static void capture(Properties props, Path file) throws Exception {
        Map<String, String> finalStats = new TreeMap<>();
        Map<String, Integer> alerts = new TreeMap<>();
        Map<String, Integer> alertIdStatus = new HashMap<>();
        long statsRecords = 0, alertRecords = 0, deadLetters = 0;
        SpecificDatumReader<BrandWindowStats> statsReader = new SpecificDatumReader<>(BrandWindowStats.class);
        SpecificDatumReader<EngagementAlert> alertReader = new SpecificDatumReader<>(EngagementAlert.class);
        for (String topic : List.of(STATS, ALERTS, DEAD_LETTER)) {
            for (ConsumerRecord<byte[], byte[]> r : readAll(props, topic)) {
                String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                switch (topic) {
                    case STATS -> {
                        statsRecords++;
                        if (r.value() == null) finalStats.remove(key);
                        else
                            finalStats.put(
                                    key, statsReader.read(null, body(r.value())).toString());
                    }
                    case ALERTS -> {
                        alertRecords++;
                        EngagementAlert alert = alertReader.read(null, body(r.value()));
                        // the wall-clock time the record was made is the one field a replay may change
                        alert.setEmittedAt(Instant.EPOCH);
                        alerts.merge(alert.toString(), 1, Integer::sum);
                        alertIdStatus.merge(alert.getAlertId() + " " + alert.getStatus(), 1, Integer::sum);
                    }
                    default -> deadLetters++;
                }
            }
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
            finalStats.forEach((k, v) -> out.println("stats " + k + " " + v));
            alerts.forEach((a, n) -> out.println("alert " + a));
        }
        List<String> duplicates = alertIdStatus.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(e -> e.getKey() + " x" + e.getValue())
                .sorted()
                .toList();
        System.out.printf(
                Locale.ROOT,
                "captured %,d brand-stats records (%,d windows), %,d alert records (%,d alerts), %,d dead letters%n",
                statsRecords,
                finalStats.size(),
                alertRecords,
                alertIdStatus.size(),
                deadLetters);
        if (!duplicates.isEmpty()) {
            fail(duplicates.size() + " alerts emitted more than once, e.g. "
                    + duplicates.subList(0, Math.min(5, duplicates.size())));
        }
        if (deadLetters > 0) fail(deadLetters + " records in " + DEAD_LETTER);
        if (finalStats.isEmpty()) fail("no brand window in " + STATS);
    }

    static org.apache.avro.io.BinaryDecoder body(byte[] framed) {
        // Confluent framing: magic byte 0 and a 4-byte schema id; the ids differ between registries,
        // the Avro body under the one schema this build writes does not.
        if (framed.length < 5 || framed[0] != 0) throw new IllegalStateException("not Confluent-framed");
        return DecoderFactory.get().binaryDecoder(framed, 5, framed.length - 5, null);
    }

    static List<ConsumerRecord<byte[], byte[]>> readAll(Properties props, String topic) throws Exception {
        Properties c = consumerProps(props);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // read_committed end offsets: the last stable offset of each partition
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) fail("could not read " + topic + " to its end in 5 minutes");
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        return out;
    }

    static Properties consumerProps(Properties props) {
        Properties c = new Properties();
        c.putAll(props);
        c.remove(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return c;
    }

    // --- transactions ---------------------------------------------------------------------------

    static void transactions(Properties props, String prefix) throws Exception {
        try (Admin admin = Admin.create(props)) {
            Collection<TransactionListing> all =
                    admin.listTransactions(new ListTransactionsOptions()).all().get(30, TimeUnit.SECONDS);
            List<TransactionListing> ours = all.stream()
                    .filter(t -> t.transactionalId().startsWith(prefix))
                    .toList();
            List<String> open = ours.stream()
                    .filter(t -> t.state().toString().equals("ONGOING")
                            || t.state().toString().startsWith("PREPARE"))
                    .map(t -> t.transactionalId() + " " + t.state())
                    .toList();
            System.out.println(ours.size() + " transactional ids of " + prefix + "*, states "
                    + ours.stream()
                            .collect(Collectors.groupingBy(
                                    t -> t.state().toString(), TreeMap::new, Collectors.counting())));
            if (!open.isEmpty()) fail("transactions left open: " + open);
        }
    }

    // --- monitor and report ---------------------------------------------------------------------

    static void monitor(Properties props, String group, Path file) throws Exception {
        Properties c = consumerProps(props);
        try (Admin admin = Admin.create(props);
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c);
                BufferedWriter out = Files.newBufferedWriter(file)) {
            List<TopicPartition> partitions = new ArrayList<>();
            // started with the instances, which create the output topics: wait for them
            while (partitions.size() < 2) {
                partitions.clear();
                for (String topic : List.of(STATS, ALERTS)) {
                    consumer.partitionsFor(topic, Duration.ofSeconds(60))
                            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                }
                if (partitions.size() < 2
                        || partitions.stream()
                                        .map(TopicPartition::topic)
                                        .distinct()
                                        .count()
                                < 2) {
                    partitions.clear();
                    Thread.sleep(500);
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // the input topic is truncated, not recreated, between the runs: count from its start
            Map<TopicPartition, Long> inputStart = starts(admin, INPUT);
            long nextSample = System.currentTimeMillis();
            long arrived = 0;
            long consumed = -1;
            while (true) {
                // arrival times in 100 ms steps: a committed batch shows up when its transaction commits
                int n = consumer.poll(Duration.ofMillis(100)).count();
                long now = System.currentTimeMillis();
                if (n > 0) out.write("out " + now + " " + n + "\n");
                arrived += n;
                if (now >= nextSample) {
                    try {
                        consumed = admin
                                .listConsumerGroupOffsets(group)
                                .partitionsToOffsetAndMetadata()
                                .get(2, TimeUnit.SECONDS)
                                .entrySet()
                                .stream()
                                .filter(e -> e.getKey().topic().equals(INPUT) && e.getValue() != null)
                                .mapToLong(e ->
                                        Math.max(0, e.getValue().offset() - inputStart.getOrDefault(e.getKey(), 0L)))
                                .sum();
                        out.write("in " + now + " " + consumed + "\n");
                    } catch (Exception e) {
                        out.write("in " + now + " ?\n");
                    }
                    out.flush();
                    nextSample = now + 1000;
                }
            }
        }
    }

    record Fault(long at, String what) {}

    static void report(Path monitorFile, Path faultsFile) throws IOException {
        List<long[]> outputs = new ArrayList<>(); // [time, count]
        List<long[]> inputs = new ArrayList<>(); // [time, committed offsets]
        for (String line : Files.readAllLines(monitorFile)) {
            String[] f = line.split(" ");
            if (f.length < 3 || f[2].equals("?")) continue;
            long[] v = {Long.parseLong(f[1]), Long.parseLong(f[2])};
            (f[0].equals("out") ? outputs : inputs).add(v);
        }
        List<Fault> faults = new ArrayList<>();
        for (String line : Files.readAllLines(faultsFile)) {
            String[] f = line.split(" ", 2);
            faults.add(new Fault(Long.parseLong(f[0]), f[1]));
        }
        faults.sort((a, b) -> Long.compare(a.at, b.at));
        System.out.println("| fault | kill → first committed output after it | longest output gap in the 60 s after"
                + " | input rate in the 60 s after (events/s) |");
        System.out.println("|---|---|---|---|");
        for (Fault fault : faults) {
            long first = outputs.stream()
                    .mapToLong(o -> o[0])
                    .filter(t -> t > fault.at)
                    .findFirst()
                    .orElse(-1);
            long end = fault.at + 60_000;
            long prev = fault.at, gap = 0;
            for (long[] o : outputs) {
                if (o[0] <= fault.at) continue;
                if (o[0] > end) break;
                gap = Math.max(gap, o[0] - prev);
                prev = o[0];
            }
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %s | %s | %s |%n",
                    fault.what,
                    first < 0 ? "none" : String.format(Locale.ROOT, "%.1f s", (first - fault.at) / 1000.0),
                    first < 0 ? "-" : String.format(Locale.ROOT, "%.1f s", gap / 1000.0),
                    rate(inputs, fault.at, end));
        }
        if (!faults.isEmpty()) {
            long from = faults.get(0).at;
            long to = faults.get(faults.size() - 1).at + 60_000;
            System.out.println(
                    "input rate from the first fault to 60 s after the last: " + rate(inputs, from, to) + " events/s");
        }
        long firstIn = inputs.stream()
                .filter(i -> i[1] > 0)
                .mapToLong(i -> i[0])
                .findFirst()
                .orElse(0);
        long lastIn = inputs.isEmpty() ? 0 : inputs.get(inputs.size() - 1)[1];
        long doneAt = inputs.stream()
                .filter(i -> i[1] == lastIn)
                .mapToLong(i -> i[0])
                .findFirst()
                .orElse(0);
        System.out.println("input rate over the whole faulty run: " + rate(inputs, firstIn, doneAt) + " events/s ("
                + lastIn + " events in " + (doneAt - firstIn) / 1000 + " s)");
    }

    static String rate(List<long[]> inputs, long from, long to) {
        long[] a = null, b = null;
        for (long[] i : inputs) {
            if (a == null && i[0] >= from) a = i;
            if (i[0] <= to) b = i;
        }
        if (a == null || b == null || b[0] <= a[0]) return "n/a";
        return String.format(Locale.ROOT, "%.0f", (b[1] - a[1]) * 1000.0 / (b[0] - a[0]));
    }
}
