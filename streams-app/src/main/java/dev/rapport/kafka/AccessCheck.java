package dev.rapport.kafka;

import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DELETE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;

import dev.rapport.config.RapportConfig;
import dev.rapport.config.Setting;
import dev.rapport.topology.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACLs {@code run} needs, and a check of them against what the cluster grants its principal.
 * Kafka reports a missing ACL in several ways: an error at start-up, a stream thread that dies
 * once it first writes, or nothing at all (a repartition topic that cannot be purged simply grows).
 * This check asks the brokers which operations the principal may perform on each resource
 * (Kafka's "authorized operations") and names every missing one with the command that grants it,
 * before Kafka Streams starts, once it runs (its internal topics exist by then), and whenever a
 * client fails with an authorization error.
 */
public final class AccessCheck {
    private static final Logger LOG = LoggerFactory.getLogger(AccessCheck.class);
    private static final Pattern JAAS_USER = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern UNCREATED = Pattern.compile("Could not create topic ([^\\s]+?)\\.?(\\s|$)");
    /** How long a check waits for the cluster's answers before start-up gives up on it. */
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** DESCRIBE on a topic is implied by these: a principal that may do none of them cannot even see it. */
    private static final Set<AclOperation> IMPLY_DESCRIBE = Set.of(READ, WRITE, DELETE);

    private final Properties clientProperties;
    private final String applicationId;
    private final boolean exactlyOnce;
    private final Map<String, Set<AclOperation>> topics;
    private final Duration timeout;

    private AccessCheck(
            Properties clientProperties,
            String applicationId,
            boolean exactlyOnce,
            Map<String, Set<AclOperation>> topics,
            Duration timeout) {
        this.clientProperties = clientProperties;
        this.applicationId = applicationId;
        this.exactlyOnce = exactlyOnce;
        this.topics = topics;
        this.timeout = timeout;
    }

    /** What {@code run} needs: it reads the inputs, writes the outputs and checks all five topics' settings. */
    public static AccessCheck forRun(RapportConfig config, Properties clientProperties) {
        Map<String, Set<AclOperation>> topics = new LinkedHashMap<>();
        topics.put(Topics.MESSAGES, Set.of(READ, DESCRIBE_CONFIGS, CREATE));
        topics.put(Topics.BRAND_POLICIES, Set.of(READ, DESCRIBE_CONFIGS, CREATE));
        for (String output : List.of(Topics.BRAND_STATS, Topics.ALERTS, Topics.DEAD_LETTER)) {
            topics.put(output, Set.of(WRITE, DESCRIBE_CONFIGS, CREATE));
        }
        boolean exactlyOnce = config.get(Setting.PROCESSING_GUARANTEE).startsWith("exactly_once");
        return new AccessCheck(clientProperties, config.applicationId(), exactlyOnce, topics, TIMEOUT);
    }

    /** The same check, waiting at most {@code timeout} for each answer of the cluster. */
    AccessCheck withTimeout(Duration timeout) {
        return new AccessCheck(clientProperties, applicationId, exactlyOnce, topics, timeout);
    }

    /** Every ACL {@code run} needs, as the operations documentation lists them. */
    public List<Permission> required() {
        List<Permission> all = new ArrayList<>();
        topics.forEach((topic, operations) -> sorted(operations).forEach(op -> all.add(Permission.topic(op, topic))));
        for (AclOperation op : List.of(CREATE, READ, WRITE, DELETE)) {
            all.add(Permission.topicPrefix(op, internalPrefix()));
        }
        all.add(Permission.group(READ, applicationId));
        if (exactlyOnce) {
            all.add(Permission.transactionalIdPrefix(WRITE, internalPrefix()));
        }
        return all;
    }

    /** Kafka Streams names its internal topics and transactional ids {@code <application.id>-...}. */
    private String internalPrefix() {
        return applicationId + "-";
    }

    /** The principal as ACLs name it, read from the SASL login settings ({@code User:name}). */
    public String principal() {
        Object jaas = clientProperties.get(SaslConfigs.SASL_JAAS_CONFIG);
        if (jaas != null) {
            Matcher user = JAAS_USER.matcher(String.valueOf(jaas));
            if (user.find()) {
                return "User:" + user.group(1);
            }
        }
        return "Rapport's principal";
    }

    private String bootstrapServers() {
        return String.valueOf(clientProperties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
    }

    /**
     * Stops start-up when the principal lacks any ACL on a resource that exists: Rapport's topics
     * (created by now), Kafka Streams' internal topics from an earlier start, the consumer group,
     * and, under exactly-once, the transactional ids.
     */
    public void verify() {
        List<Permission> missing = missing();
        if (!missing.isEmpty()) {
            throw new MissingAclException(principal(), missing, bootstrapServers());
        }
    }

    /** A topic step of the set-up was refused: name the ACLs that would have allowed it. */
    public MissingAclException deniedOn(Collection<String> deniedTopics, AclOperation step) {
        List<Permission> missing = new ArrayList<>();
        for (String topic : deniedTopics) {
            Set<AclOperation> needed = topics.getOrDefault(topic, Set.of(DESCRIBE));
            if (step == DESCRIBE) {
                // Denied a describe: none of the operations that imply it is granted.
                sorted(needed).stream()
                        .filter(IMPLY_DESCRIBE::contains)
                        .forEach(op -> missing.add(Permission.topic(op, topic)));
                if (missing.isEmpty()) {
                    missing.add(Permission.topic(DESCRIBE, topic));
                }
            } else {
                missing.add(Permission.topic(step, topic));
            }
        }
        return new MissingAclException(principal(), missing, bootstrapServers());
    }

    /**
     * The failure as a {@link MissingAclException} when an authorization error caused it, naming
     * what the brokers say is missing; otherwise the failure itself.
     */
    public RuntimeException explain(RuntimeException failure) {
        Optional<AuthorizationException> denied = authorizationCause(failure);
        if (denied.isEmpty()) {
            return failure;
        }
        List<Permission> missing;
        try {
            missing = missing();
        } catch (RuntimeException e) {
            LOG.warn("could not ask the cluster which ACLs are missing", e);
            missing = List.of();
        }
        if (missing.isEmpty()) {
            missing = fromException(failure, denied.get());
        }
        if (missing.isEmpty()) {
            return new MissingAclException(
                    principal(),
                    List.of(),
                    bootstrapServers(),
                    "the cluster refused " + principal() + ": " + denied.get().getMessage());
        }
        MissingAclException explained = new MissingAclException(principal(), missing, bootstrapServers());
        explained.addSuppressed(failure);
        return explained;
    }

    public static Optional<AuthorizationException> authorizationCause(Throwable failure) {
        Set<Throwable> seen = new java.util.HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof AuthorizationException denied) {
                return Optional.of(denied);
            }
        }
        return Optional.empty();
    }

    /** What the exception alone tells, when the brokers could not be asked. */
    private List<Permission> fromException(Throwable failure, AuthorizationException denied) {
        List<Permission> missing = new ArrayList<>();
        Optional<String> uncreated = uncreatedTopic(failure);
        if (denied instanceof TopicAuthorizationException && uncreated.isPresent()) {
            // A topic that does not exist has no operations to ask about: Kafka Streams says which it could not create.
            String topic = uncreated.get();
            missing.add(
                    topic.startsWith(internalPrefix())
                            ? Permission.topicPrefix(CREATE, internalPrefix())
                            : Permission.topic(CREATE, topic));
        } else if (denied instanceof GroupAuthorizationException group) {
            missing.add(Permission.group(READ, group.groupId() == null ? applicationId : group.groupId()));
        } else if (denied instanceof TransactionalIdAuthorizationException) {
            missing.add(Permission.transactionalIdPrefix(WRITE, internalPrefix()));
        } else if (denied instanceof TopicAuthorizationException topic) {
            for (String name : new TreeSet<>(topic.unauthorizedTopics())) {
                if (name.startsWith(internalPrefix())) {
                    missing.add(Permission.topicPrefix(READ, internalPrefix()));
                    missing.add(Permission.topicPrefix(WRITE, internalPrefix()));
                } else {
                    sorted(topics.getOrDefault(name, Set.of(DESCRIBE))).stream()
                            .filter(op -> op != CREATE)
                            .forEach(op -> missing.add(Permission.topic(op, name)));
                }
            }
        }
        return missing;
    }

    private static Optional<String> uncreatedTopic(Throwable failure) {
        Set<Throwable> seen = new java.util.HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            Matcher topic = UNCREATED.matcher(String.valueOf(t.getMessage()));
            if (topic.find()) {
                return Optional.of(topic.group(1));
            }
        }
        return Optional.empty();
    }

    /** Asks the brokers what the principal may do on every resource Rapport uses that exists now. */
    public List<Permission> missing() {
        Properties p = new Properties();
        p.putAll(clientProperties);
        int millis = (int) timeout.toMillis();
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        try (Admin admin = Admin.create(p)) {
            List<Permission> missing = new ArrayList<>();
            Set<String> visible = admin.listTopics(new ListTopicsOptions().listInternal(false))
                    .names()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, Set<AclOperation>> wanted = new LinkedHashMap<>();
            topics.forEach((topic, ops) -> {
                Set<AclOperation> existing = new LinkedHashSet<>(ops);
                existing.remove(CREATE); // only needed while the topic is missing
                wanted.put(topic, existing);
            });
            for (String topic : new TreeSet<>(visible)) {
                if (topic.startsWith(internalPrefix())) {
                    wanted.put(
                            topic,
                            topic.endsWith("-repartition")
                                    // Kafka Streams deletes consumed records of repartition topics;
                                    // without DELETE they are kept forever.
                                    ? Set.of(READ, WRITE, DELETE)
                                    : Set.of(READ, WRITE));
                }
            }
            Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(
                            wanted.keySet(), new DescribeTopicsOptions().includeAuthorizedOperations(true))
                    .topicNameValues();
            for (Map.Entry<String, Set<AclOperation>> entry : wanted.entrySet()) {
                String topic = entry.getKey();
                boolean internal = topic.startsWith(internalPrefix());
                Set<AclOperation> granted;
                try {
                    Set<AclOperation> ops = described
                            .get(topic)
                            .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                            .authorizedOperations();
                    granted = ops == null ? entry.getValue() : ops;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TopicAuthorizationException) {
                        // Not even DESCRIBE: none of the operations implying it is granted; of the
                        // others (DESCRIBE_CONFIGS) nothing is known, so they are not blamed.
                        granted = new LinkedHashSet<>(entry.getValue());
                        granted.removeAll(IMPLY_DESCRIBE);
                    } else if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                        continue; // not created yet: the set-up or Kafka Streams reports CREATE
                    } else {
                        throw e;
                    }
                }
                for (AclOperation op : sorted(entry.getValue())) {
                    if (!granted.contains(op)) {
                        Permission permission =
                                internal ? Permission.topicPrefix(op, internalPrefix()) : Permission.topic(op, topic);
                        if (!missing.contains(permission)) {
                            missing.add(permission);
                        }
                    }
                }
            }
            missing.addAll(missingOnGroup(admin));
            if (exactlyOnce) {
                missing.addAll(missingOnTransactionalIds(admin));
            }
            return missing;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot check ACLs: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "cannot check ACLs: the cluster did not answer within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking ACLs", e);
        }
    }

    private List<Permission> missingOnGroup(Admin admin) throws InterruptedException, TimeoutException {
        Permission read = Permission.group(READ, applicationId);
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(
                            List.of(applicationId),
                            new DescribeConsumerGroupsOptions().includeAuthorizedOperations(true))
                    .all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .get(applicationId);
            Set<AclOperation> granted = group == null ? null : group.authorizedOperations();
            return granted == null || granted.contains(READ) ? List.of() : List.of(read);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupAuthorizationException) {
                return List.of(read);
            }
            // Another answer (a group of another type, say) is not an ACL matter: Kafka Streams reports it.
            LOG.debug("could not describe group {}", applicationId, e.getCause());
            return List.of();
        }
    }

    /** No API lists the operations allowed on a transactional id; describing one needs DESCRIBE, implied by WRITE. */
    private List<Permission> missingOnTransactionalIds(Admin admin) throws InterruptedException, TimeoutException {
        String probe = internalPrefix() + "access-check";
        try {
            admin.describeTransactions(List.of(probe)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return List.of();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TransactionalIdAuthorizationException) {
                return List.of(Permission.transactionalIdPrefix(WRITE, internalPrefix()));
            }
            if (!(e.getCause() instanceof TransactionalIdNotFoundException)) {
                LOG.debug("could not describe transactional id {}", probe, e.getCause());
            }
            return List.of();
        }
    }

    private static List<AclOperation> sorted(Set<AclOperation> operations) {
        return operations.stream()
                .sorted(java.util.Comparator.comparingInt(AccessCheck::order))
                .toList();
    }

    private static int order(AclOperation op) {
        return List.of(READ, WRITE, DELETE, DESCRIBE_CONFIGS, CREATE, DESCRIBE).indexOf(op);
    }
}
