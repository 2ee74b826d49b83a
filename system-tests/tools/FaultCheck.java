import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.EngagementAlert;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
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
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

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
 * input-bytes PROPS                     print the size of rapport.messages (one replica of each partition)
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
        admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, d) -> d.partitions()
                .forEach(p -> specs.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        return admin.listOffsets(specs, new ListOffsetsOptions(isolation)).all().get(30, TimeUnit.SECONDS).entrySet()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    static void inputBytes(Properties props) throws Exception {
        try (Admin admin = Admin.create(props)) {
            List<Integer> brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                    .map(n -> n.id())
                    .toList();
            Map<TopicPartition, Long> size = new HashMap<>();
            admin.describeLogDirs(brokers).allDescriptions().get(30, TimeUnit.SECONDS).values().forEach(dirs -> dirs
                    .values()
                    .forEach(dir -> dir.replicaInfos().forEach((tp, info) -> {
                        if (tp.topic().equals(INPUT)) size.merge(tp, info.size(), Math::max);
                    })));
            System.out.println(size.values().stream().mapToLong(Long::longValue).sum());
        }
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
                        else finalStats.put(key, statsReader.read(null, body(r.value())).toString());
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
                    + ours.stream().collect(Collectors.groupingBy(t -> t.state().toString(), TreeMap::new,
                            Collectors.counting())));
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
                if (partitions.size() < 2 || partitions.stream().map(TopicPartition::topic).distinct().count() < 2) {
                    partitions.clear();
                    Thread.sleep(500);
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
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
                        consumed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                                .get(2, TimeUnit.SECONDS).entrySet().stream()
                                .filter(e -> e.getKey().topic().equals(INPUT) && e.getValue() != null)
                                .mapToLong(e -> e.getValue().offset())
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
            long first = outputs.stream().mapToLong(o -> o[0]).filter(t -> t > fault.at).findFirst().orElse(-1);
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
            System.out.println("input rate from the first fault to 60 s after the last: " + rate(inputs, from, to)
                    + " events/s");
        }
        long firstIn = inputs.stream().filter(i -> i[1] > 0).mapToLong(i -> i[0]).findFirst().orElse(0);
        long lastIn = inputs.isEmpty() ? 0 : inputs.get(inputs.size() - 1)[1];
        long doneAt = inputs.stream().filter(i -> i[1] == lastIn).mapToLong(i -> i[0]).findFirst().orElse(0);
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
