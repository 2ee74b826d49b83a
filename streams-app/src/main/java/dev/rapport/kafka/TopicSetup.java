package dev.rapport.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates the topics Rapport needs, or checks that existing ones fit: same partition count (the
 * input's partitioning is the state's partitioning) and the retention and cleanup policy Rapport
 * relies on. A mismatch stops start-up with a message naming the topic and the setting.
 */
public final class TopicSetup {
    private static final long TIMEOUT_SECONDS = 60;

    private TopicSetup() {}

    public static void ensure(Admin admin, Collection<TopicSpec> specs) {
        ensure(admin, specs, null);
    }

    /**
     * @param access when not null, a step the cluster refuses stops with the ACLs that would allow it
     */
    public static void ensure(Admin admin, Collection<TopicSpec> specs, AccessCheck access) {
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec spec : specs) {
                if (!existing.contains(spec.name())) {
                    missing.add(new NewTopic(
                                    spec.name(),
                                    Optional.of(spec.partitions()),
                                    spec.replicationFactor() < 0
                                            ? Optional.empty()
                                            : Optional.of(spec.replicationFactor()))
                            .configs(spec.configs()));
                }
            }
            if (!missing.isEmpty()) {
                try {
                    allOf(admin.createTopics(missing).values(), AclOperation.CREATE, access);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            checkOnceVisible(admin, specs, access);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot create or check topics: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "cannot create or check topics: the cluster did not answer within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up topics", e);
        }
    }

    /**
     * A topic just created may not be in every metadata cache yet ("does not host this
     * topic-partition"): retry the check for a few seconds before calling it a failure.
     */
    private static void checkOnceVisible(Admin admin, Collection<TopicSpec> specs, AccessCheck access)
            throws ExecutionException, InterruptedException, TimeoutException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                check(admin, specs, access);
                return;
            } catch (ExecutionException e) {
                boolean propagating = e.getCause() instanceof UnknownTopicOrPartitionException;
                if (!propagating || System.nanoTime() > giveUp) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /**
     * Waits for every topic's answer. With {@code access}, the topics refused for lack of an ACL are
     * gathered and reported together, rather than the first refusal alone.
     */
    private static <K, V> Map<K, V> allOf(Map<K, KafkaFuture<V>> futures, AclOperation step, AccessCheck access)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<K, V> results = new LinkedHashMap<>();
        List<String> denied = new ArrayList<>();
        ExecutionException first = null;
        for (Map.Entry<K, KafkaFuture<V>> entry : futures.entrySet()) {
            try {
                results.put(entry.getKey(), entry.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                if (access != null && e.getCause() instanceof TopicAuthorizationException) {
                    K key = entry.getKey();
                    denied.add(key instanceof ConfigResource resource ? resource.name() : String.valueOf(key));
                } else if (first == null) {
                    first = e;
                }
            }
        }
        if (!denied.isEmpty()) {
            throw access.deniedOn(denied, step);
        }
        if (first != null) {
            throw first;
        }
        return results;
    }

    private static void check(Admin admin, Collection<TopicSpec> specs, AccessCheck access)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<String> names = specs.stream().map(TopicSpec::name).toList();
        Map<String, TopicDescription> descriptions =
                allOf(admin.describeTopics(names).topicNameValues(), AclOperation.DESCRIBE, access);
        Map<ConfigResource, Config> configs = allOf(
                admin.describeConfigs(names.stream()
                                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                                .collect(Collectors.toList()))
                        .values(),
                AclOperation.DESCRIBE_CONFIGS,
                access);
        for (TopicSpec spec : specs) {
            int partitions = descriptions.get(spec.name()).partitions().size();
            if (partitions != spec.partitions()) {
                throw new IllegalStateException("topic " + spec.name() + " exists with " + partitions
                        + " partitions, Rapport is configured for " + spec.partitions()
                        + " (setting topic.partitions); use the same count or a new topic");
            }
            Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
            spec.configs().forEach((key, expected) -> {
                ConfigEntry entry = actual.get(key);
                String value = entry == null ? null : entry.value();
                if (!expected.equals(value)) {
                    throw new IllegalStateException("topic " + spec.name() + " has " + key + "=" + value
                            + ", Rapport needs " + key + "=" + expected);
                }
            });
        }
    }
}
