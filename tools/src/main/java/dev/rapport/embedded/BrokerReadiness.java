package dev.rapport.embedded;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/**
 * Waits until clients can use the broker. KafkaRaftServer.startup() returns once the sockets are
 * open, but the broker is unfenced (allowed to lead partitions) only after its next heartbeat, and
 * creating a topic before that fails; describeCluster lists unfenced brokers only.
 */
final class BrokerReadiness {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private BrokerReadiness() {}

    static void awaitUnfenced(String bootstrapServers, int nodeId, long deadlineNanos)
            throws InterruptedException, TimeoutException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            while (!isUnfenced(admin, nodeId, deadlineNanos)) {
                if (System.nanoTime() > deadlineNanos) {
                    throw new TimeoutException("broker " + nodeId + " is still fenced");
                }
                Thread.sleep(POLL_INTERVAL.toMillis());
            }
        }
    }

    private static boolean isUnfenced(Admin admin, int nodeId, long deadlineNanos)
            throws InterruptedException, TimeoutException {
        long remainingMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
        DescribeClusterOptions options = new DescribeClusterOptions()
                .includeFencedBrokers(false)
                .timeoutMs((int) Math.min(Integer.MAX_VALUE, remainingMillis));
        try {
            return admin.describeCluster(options).nodes().get(remainingMillis, TimeUnit.MILLISECONDS).stream()
                    .map(Node::id)
                    .anyMatch(id -> id == nodeId);
        } catch (ExecutionException e) {
            throw new TimeoutException("broker " + nodeId + " did not answer describeCluster: " + e.getCause());
        }
    }
}
