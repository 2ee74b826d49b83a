/**
 * Every use of Kafka Streams' internal classes, behind small interfaces the rest of Rapport uses.
 *
 * <p>Rapport's brand aggregation holds its work on the heap until the task commits and writes it
 * inside the commit's transaction, as Kafka Streams' own record cache does. Kafka Streams offers
 * that only to its own stores: there is no public hook that runs while a commit is prepared, no
 * public way to forward from a store as the processor that owns it, and no public handle on the
 * task's {@code dropped-records} sensor. Keeping those calls here, each with the reason no public
 * API serves and what would replace it, means a Kafka upgrade that changes them breaks this
 * package (and its contract tests, which CI also runs against the newest Kafka release) instead
 * of silently changing results elsewhere.
 *
 * <p>No other package may import {@code org.apache.kafka.streams.*.internals}.
 */
package dev.rapport.streamsinternals;
