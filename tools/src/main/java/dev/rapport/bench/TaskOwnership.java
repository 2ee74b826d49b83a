package dev.rapport.bench;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.StreamsGroupDescription;
import org.apache.kafka.clients.admin.StreamsGroupMemberAssignment;
import org.apache.kafka.clients.admin.StreamsGroupMemberDescription;
import org.apache.kafka.clients.admin.StreamsGroupSubtopologyDescription;

/**
 * Which brand tasks (partitions of the repartition topic) each instance runs as active tasks, as
 * the group coordinator describes the group: a consumer group's members and their partitions
 * under the classic protocol, a streams group's members and their tasks under the streams
 * protocol. An instance is known by the client.id prefix it was started with.
 */
final class TaskOwnership {
    private final Admin admin;
    private final String groupId;
    private final String repartitionTopic;
    private final boolean streamsProtocol;

    TaskOwnership(Admin admin, String groupId, String repartitionTopic, boolean streamsProtocol) {
        this.admin = admin;
        this.groupId = groupId;
        this.repartitionTopic = repartitionTopic;
        this.streamsProtocol = streamsProtocol;
    }

    /** The brand tasks of each of {@code clientIds}; a client the group does not list has none. */
    Map<String, Set<Integer>> brandTasks(List<String> clientIds) {
        try {
            Map<String, Set<Integer>> owned = new java.util.LinkedHashMap<>();
            clientIds.forEach(id -> owned.put(id, new TreeSet<>()));
            if (streamsProtocol) {
                StreamsGroupDescription group = admin.describeStreamsGroups(List.of(groupId))
                        .describedGroups()
                        .get(groupId)
                        .get(10, TimeUnit.SECONDS);
                // A streams group lists a subtopology's repartition topics apart from its source topics.
                Optional<String> subtopology = group.subtopologies().stream()
                        .filter(s -> s.sourceTopics().contains(repartitionTopic)
                                || s.repartitionSourceTopics().containsKey(repartitionTopic))
                        .map(StreamsGroupSubtopologyDescription::subtopologyId)
                        .findFirst();
                for (StreamsGroupMemberDescription member : group.members()) {
                    Set<Integer> tasks = ownerOf(owned, member.clientId());
                    if (tasks == null || subtopology.isEmpty()) {
                        continue;
                    }
                    for (StreamsGroupMemberAssignment.TaskIds ids :
                            member.assignment().activeTasks()) {
                        if (ids.subtopologyId().equals(subtopology.get())) {
                            tasks.addAll(ids.partitions());
                        }
                    }
                }
            } else {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId))
                        .describedGroups()
                        .get(groupId)
                        .get(10, TimeUnit.SECONDS);
                for (MemberDescription member : group.members()) {
                    Set<Integer> tasks = ownerOf(owned, member.clientId());
                    if (tasks == null) {
                        continue;
                    }
                    member.assignment().topicPartitions().stream()
                            .filter(tp -> tp.topic().equals(repartitionTopic))
                            .forEach(tp -> tasks.add(tp.partition()));
                }
            }
            return owned;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not describe group " + groupId + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing group " + groupId, e);
        }
    }

    /** The group as the coordinator describes it, for an error message. */
    String describe() {
        try {
            Object group = streamsProtocol
                    ? admin.describeStreamsGroups(List.of(groupId))
                            .describedGroups()
                            .get(groupId)
                            .get(10, TimeUnit.SECONDS)
                    : admin.describeConsumerGroups(List.of(groupId))
                            .describedGroups()
                            .get(groupId)
                            .get(10, TimeUnit.SECONDS);
            return group.toString();
        } catch (ExecutionException | TimeoutException e) {
            return "(not described: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    private static Set<Integer> ownerOf(Map<String, Set<Integer>> owned, String memberClientId) {
        for (Map.Entry<String, Set<Integer>> e : owned.entrySet()) {
            if (memberClientId.startsWith(e.getKey() + "-")) {
                return e.getValue();
            }
        }
        return null;
    }
}
