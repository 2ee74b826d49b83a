package dev.rapport.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Records an application wrote to its internal topics (changelogs and repartition topics), per
 * input event: what its state and repartitioning cost the broker. Read from the topics' end
 * offsets, which also count one transaction marker per partition and commit (a few thousand in a
 * one-minute run, next to millions of records).
 */
final class InternalRecords {
    private InternalRecords() {}

    static double perEvent(Admin admin, String applicationId, long events) {
        try {
            List<String> internal = topicsOf(admin, applicationId);
            Map<TopicPartition, OffsetSpec> ends =
                    admin.describeTopics(internal).allTopicNames().get().values().stream()
                            .flatMap(InternalRecords::partitions)
                            .collect(Collectors.toMap(Function.identity(), partition -> OffsetSpec.latest()));
            long written = admin.listOffsets(ends).all().get().values().stream()
                    .mapToLong(info -> info.offset())
                    .sum();
            return (double) written / events;
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "could not read the end offsets of " + applicationId + "'s internal topics: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The application's internal topics: Kafka Streams names each {@code <application.id>-...}. */
    static List<String> topicsOf(Admin admin, String applicationId) throws ExecutionException, InterruptedException {
        return admin.listTopics().names().get().stream()
                .filter(name -> name.startsWith(applicationId + "-"))
                .toList();
    }

    private static Stream<TopicPartition> partitions(TopicDescription topic) {
        return topic.partitions().stream().map(p -> new TopicPartition(topic.name(), p.partition()));
    }
}
