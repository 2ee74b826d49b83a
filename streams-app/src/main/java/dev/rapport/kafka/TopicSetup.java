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
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics Rapport needs, or checks that existing ones fit: same partition count (the
 * input's partitioning is the state's partitioning) and the retention and cleanup policy Rapport
 * relies on. A mismatch stops start-up with a message naming the topic and the setting. Calls that
 * fail while a broker fails over, or that meet a topic just created and not yet in every broker's
 * metadata, are retried ({@link Retrying}); a step the cluster refuses for lack of an ACL stops with
 * the ACLs that would allow it ({@link AccessCheck}).
 */
public final class TopicSetup {
    private static final long ATTEMPT_MS = Retrying.ATTEMPT_TIMEOUT.toMillis();
    private static final long WAIT_MS = ATTEMPT_MS + 5_000;

    private TopicSetup() {}

    public static void ensure(Admin admin, Collection<TopicSpec> specs) {
        ensure(admin, specs, Retrying.withDefaults(), null);
    }

    /**
     * @param access when not null, a step the cluster refuses stops with the ACLs that would allow it
     */
    public static void ensure(Admin admin, Collection<TopicSpec> specs, Retrying retrying, AccessCheck access) {
        Set<String> existing = retrying.call(
                "the list of topics",
                () -> admin.listTopics(new ListTopicsOptions().timeoutMs((int) ATTEMPT_MS))
                        .names()
                        .get(WAIT_MS, TimeUnit.MILLISECONDS));
        List<NewTopic> missing = new ArrayList<>();
        for (TopicSpec spec : specs) {
            if (!existing.contains(spec.name())) {
                missing.add(new NewTopic(
                                spec.name(),
                                Optional.of(spec.partitions()),
                                spec.replicationFactor() < 0 ? Optional.empty() : Optional.of(spec.replicationFactor()))
                        .configs(spec.configs()));
            }
        }
        if (!missing.isEmpty()) {
            String names = missing.stream().map(NewTopic::name).collect(Collectors.joining(", "));
            retrying.call("the creation of topics " + names, () -> {
                // Per topic: a retry after a call that did create some of them finds those existing.
                Map<String, KafkaFuture<Void>> created = admin.createTopics(
                                missing, new CreateTopicsOptions().timeoutMs((int) ATTEMPT_MS))
                        .values();
                List<String> denied = new ArrayList<>();
                for (Map.Entry<String, KafkaFuture<Void>> topic : created.entrySet()) {
                    try {
                        topic.getValue().get(WAIT_MS, TimeUnit.MILLISECONDS);
                    } catch (ExecutionException e) {
                        if (access != null && e.getCause() instanceof TopicAuthorizationException) {
                            denied.add(topic.getKey());
                        } else if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                }
                if (!denied.isEmpty()) {
                    throw access.deniedOn(denied, AclOperation.CREATE);
                }
                return null;
            });
        }
        check(admin, specs, retrying, access);
    }

    private record Described(Map<String, TopicDescription> topics, Map<ConfigResource, Config> configs) {}

    private static void check(Admin admin, Collection<TopicSpec> specs, Retrying retrying, AccessCheck access) {
        List<String> names = specs.stream().map(TopicSpec::name).toList();
        // A topic just created may not be in every metadata cache yet ("does not host this
        // topic-partition"): that is one of the transient errors retried here.
        Described described = retrying.call("the description of topics " + String.join(", ", names), () -> {
            Map<String, TopicDescription> descriptions = allOf(
                    admin.describeTopics(names, new DescribeTopicsOptions().timeoutMs((int) ATTEMPT_MS))
                            .topicNameValues(),
                    AclOperation.DESCRIBE,
                    access);
            Map<ConfigResource, Config> configs = allOf(
                    admin.describeConfigs(
                                    names.stream()
                                            .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                                            .collect(Collectors.toList()),
                                    new DescribeConfigsOptions().timeoutMs((int) ATTEMPT_MS))
                            .values(),
                    AclOperation.DESCRIBE_CONFIGS,
                    access);
            return new Described(descriptions, configs);
        });
        for (TopicSpec spec : specs) {
            int partitions = described.topics().get(spec.name()).partitions().size();
            if (partitions != spec.partitions()) {
                throw new IllegalStateException("topic " + spec.name() + " exists with " + partitions
                        + " partitions, Rapport is configured for " + spec.partitions()
                        + " (setting topic.partitions); use the same count or a new topic");
            }
            Config actual = described.configs().get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
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
                results.put(entry.getKey(), entry.getValue().get(WAIT_MS, TimeUnit.MILLISECONDS));
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
}
