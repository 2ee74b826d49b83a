import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * The system-test cluster's admin calls, made with the Admin API as a user would:
 *
 * <pre>
 * ready     PROPS NODES TIMEOUT_S         every node registered, a quorum leader, every voter caught up
 * broker-up PROPS NODE_ID TIMEOUT_S       the node is registered (unfenced) again
 * scram     PROPS USER PASSWORD_FILE...   create or update SCRAM-SHA-512 credentials
 * leader-of PROPS TOPIC PARTITION         print the node id leading the partition (-1: none)
 * </pre>
 *
 * Exit status 1 with one line on stderr when a deadline passes.
 */
public class ClusterAdmin {

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ClusterAdmin ready|broker-up|scram|leader-of PROPS ...");
            System.exit(2);
        }
        Properties props = new Properties();
        try (var in = Files.newBufferedReader(Path.of(args[1]))) {
            props.load(in);
        }
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        try (Admin admin = Admin.create(props)) {
            switch (args[0]) {
                case "ready" -> ready(admin, Integer.parseInt(args[2]), Long.parseLong(args[3]));
                case "broker-up" -> brokerUp(admin, Integer.parseInt(args[2]), Long.parseLong(args[3]));
                case "scram" -> scram(admin, args);
                case "leader-of" -> leaderOf(admin, args[2], Integer.parseInt(args[3]));
                default -> {
                    System.err.println("unknown command " + args[0]);
                    System.exit(2);
                }
            }
        }
    }

    static void ready(Admin admin, int nodes, long timeoutS) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            try {
                Set<Integer> brokers = brokers(admin);
                QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get(5, TimeUnit.SECONDS);
                long leaderEnd = quorum.voters().stream().filter(v -> v.replicaId() == quorum.leaderId())
                        .mapToLong(QuorumInfo.ReplicaState::logEndOffset).findFirst().orElse(-1);
                List<Integer> caughtUp = quorum.voters().stream()
                        .filter(v -> leaderEnd >= 0 && leaderEnd - v.logEndOffset() <= 100)
                        .map(QuorumInfo.ReplicaState::replicaId).sorted().toList();
                last = "brokers " + brokers + ", quorum leader " + quorum.leaderId() + ", voters "
                        + quorum.voters().stream().map(QuorumInfo.ReplicaState::replicaId).sorted().toList()
                        + ", caught up " + caughtUp;
                if (brokers.size() == nodes && quorum.voters().size() == nodes && caughtUp.size() == nodes
                        && quorum.leaderId() >= 0) {
                    System.out.println(last);
                    return;
                }
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                last = e.getCause() != null ? e.getCause().toString() : e.toString();
            }
            Thread.sleep(500);
        }
        System.err.println("cluster not ready after " + timeoutS + " s: " + last);
        System.exit(1);
    }

    static void brokerUp(Admin admin, int id, long timeoutS) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            try {
                Set<Integer> brokers = brokers(admin);
                last = "brokers " + brokers;
                if (brokers.contains(id)) {
                    System.out.println("node " + id + " registered; " + last);
                    return;
                }
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                last = e.getCause() != null ? e.getCause().toString() : e.toString();
            }
            Thread.sleep(500);
        }
        System.err.println("node " + id + " not registered after " + timeoutS + " s: " + last);
        System.exit(1);
    }

    static Set<Integer> brokers(Admin admin) throws ExecutionException, InterruptedException,
            java.util.concurrent.TimeoutException {
        return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream().map(Node::id)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static void scram(Admin admin, String[] args) throws Exception {
        List<UserScramCredentialAlteration> alterations = new ArrayList<>();
        for (int i = 2; i + 1 < args.length; i += 2) {
            String password = Files.readString(Path.of(args[i + 1])).strip();
            alterations.add(new UserScramCredentialUpsertion(args[i],
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password));
        }
        admin.alterUserScramCredentials(alterations).all().get(30, TimeUnit.SECONDS);
        // The credentials reach every broker through the metadata log: wait until the controller lists them.
        Set<String> wanted = alterations.stream().map(UserScramCredentialAlteration::user).collect(Collectors.toSet());
        var described = admin.describeUserScramCredentials(new ArrayList<>(wanted)).all().get(30, TimeUnit.SECONDS);
        System.out.println("SCRAM-SHA-512 credentials set for " + new TreeSet<>(described.keySet()));
    }

    static void leaderOf(Admin admin, String topic, int partition) throws Exception {
        Map<String, TopicDescription> topics = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS);
        TopicPartitionInfo info = topics.get(topic).partitions().stream().filter(p -> p.partition() == partition)
                .findFirst().orElseThrow(() -> new IllegalArgumentException(topic + " has no partition " + partition));
        System.out.println(info.leader() == null || info.leader().isEmpty() ? -1 : info.leader().id());
    }
}
