package dev.rapport.kafka;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.BrokerNotAvailableException;
import org.apache.kafka.common.errors.CoordinatorLoadInProgressException;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.InvalidMetadataException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Which failures of a Kafka call are worth waiting out. While a broker restarts or leadership moves,
 * calls time out, land on a former leader or coordinator, or find too few in-sync replicas: Kafka
 * marks those {@link RetriableException}, and a later attempt succeeds. Everything else (not
 * authorized, bad configuration, an invalid request) fails the same way on every attempt.
 */
public final class TransientErrors {
    private TransientErrors() {}

    /** The failure itself, without the wrappers futures and lambdas put around it. */
    public static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    public static boolean isTransient(Throwable e) {
        Throwable t = unwrap(e);
        // A future.get(timeout) that ran out: the call may well succeed once the cluster has settled.
        return t instanceof java.util.concurrent.TimeoutException
                || t instanceof RetriableException
                // Not marked retriable by Kafka, but what a client sees while a broker is down.
                || t instanceof BrokerNotAvailableException
                || t instanceof DisconnectException;
    }

    /** A few words on what a transient failure means for the user, then Kafka's own message. */
    public static String describe(Throwable e) {
        Throwable t = unwrap(e);
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (message.length() > 200) {
            message = message.substring(0, 200) + "...";
        }
        return kind(t) + ": " + message;
    }

    private static String kind(Throwable t) {
        if (t instanceof java.util.concurrent.TimeoutException
                || t instanceof org.apache.kafka.common.errors.TimeoutException) {
            return "timed out";
        }
        if (t instanceof UnknownTopicOrPartitionException) {
            return "topic or partition not known (yet)";
        }
        if (t instanceof NotEnoughReplicasException || t instanceof NotEnoughReplicasAfterAppendException) {
            return "not enough in-sync replicas";
        }
        if (t instanceof CoordinatorLoadInProgressException
                || t instanceof CoordinatorNotAvailableException
                || t instanceof NotCoordinatorException) {
            return "coordinator moving";
        }
        // NetworkException is an InvalidMetadataException too: this test goes first.
        if (t instanceof NetworkException
                || t instanceof DisconnectException
                || t instanceof BrokerNotAvailableException) {
            return "broker unavailable";
        }
        if (t instanceof InvalidMetadataException) {
            return "leader change";
        }
        if (t instanceof RetriableException) {
            return "retriable error";
        }
        return t instanceof KafkaException
                ? t.getClass().getSimpleName()
                : t.getClass().getName();
    }
}
