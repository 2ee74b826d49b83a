package dev.rapport.kafka;

import dev.rapport.config.ConfigException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;

/**
 * Checks at start-up that the cluster answers with the configured connection settings. Without it
 * a wrong address or password shows up as an endless stream of client warnings while Kafka
 * Streams retries; here it becomes one line naming the setting to fix.
 */
public final class ClusterCheck {
    private static final String AUTH_SETTINGS = "setting 'kafka.sasl.jaas.config' (or kafka.security.protocol)";

    private ClusterCheck() {}

    /**
     * Describes the cluster with {@code clientProps} (bootstrap plus security settings).
     *
     * @throws ConfigException naming the setting when the cluster cannot be reached or refuses the credentials
     */
    public static void verify(Properties clientProps, Duration timeout) {
        String servers = String.valueOf(clientProps.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
        Properties p = new Properties();
        p.putAll(clientProps);
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        Admin admin = create(p, servers);
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis))
                    .clusterId()
                    .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failure(e.getCause(), servers, timeout);
        } catch (TimeoutException e) {
            throw unreachable(servers, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while checking the connection to " + servers);
        } finally {
            // The answer is in: nothing pending is worth waiting for.
            admin.close(Duration.ZERO);
        }
    }

    private static Admin create(Properties p, String servers) {
        try {
            return Admin.create(p);
        } catch (KafkaException e) {
            Throwable root = rootCause(e);
            String message = root.getMessage() == null ? root.toString() : root.getMessage();
            // Kafka checks the address list itself; everything else here is the security setup.
            if (message.contains("bootstrap")) {
                throw new ConfigException("setting 'bootstrap.servers': " + servers + " is not usable: " + message);
            }
            throw new ConfigException(AUTH_SETTINGS + ": the client cannot be set up: " + message);
        }
    }

    private static ConfigException failure(Throwable cause, String servers, Duration timeout) {
        if (cause instanceof AuthenticationException) {
            return new ConfigException(AUTH_SETTINGS + ": authentication failed: " + cause.getMessage());
        }
        if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return unreachable(servers, timeout);
        }
        return new ConfigException(
                "setting 'bootstrap.servers': " + servers + " refused to describe the cluster: " + cause.getMessage());
    }

    private static ConfigException unreachable(String servers, Duration timeout) {
        return new ConfigException(
                "setting 'bootstrap.servers': cannot reach " + servers + " within " + inWords(timeout));
    }

    /** "10 s", or "500 ms" below a whole second. */
    private static String inWords(Duration timeout) {
        return timeout.toMillis() % 1_000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
