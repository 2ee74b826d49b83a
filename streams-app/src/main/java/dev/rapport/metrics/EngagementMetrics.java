package dev.rapport.metrics;

import dev.rapport.schema.Direction;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.schema.Platform;
import dev.rapport.serde.DecodeFailure;

/**
 * What the topology reports to live monitoring as it processes. Counters are best effort: after a
 * crash, exactly-once reprocessing can count a record twice here, never in the output topics.
 * Wait gauges are kept per task so a task that moves to another instance takes its waits along.
 */
public interface EngagementMetrics {

    void message(String brandId, Platform platform, Direction direction, boolean broadcast);

    /** @param platform the platform of the wait's opening message, not the answer's */
    void responseLatency(String brandId, Platform platform, long latencyMs);

    /** @param platform the platform of the wait's opening message, not the answer's */
    void firstResponseLatency(String brandId, Platform platform, long latencyMs);

    /**
     * A wait's outcome was decided: answered within its response horizon, or unanswered at it.
     *
     * @param platform the platform of the wait's opening message
     */
    void waitOutcome(String brandId, Platform platform, boolean answeredInTime);

    /** A wait was answered within its SLA, on its SLA clock ({@code platform}: the wait's). */
    void answeredWithinSla(String brandId, Platform platform);

    /** A wait opened on {@code waitPlatform} was answered (any latency) on another platform. */
    void answeredOnOtherPlatform(String brandId, Platform waitPlatform);

    /** A customer replied to a broadcast for the first time. */
    void broadcastEngaged(String brandId);

    void negativeLatency(String brandId);

    void depthReached(String brandId, int level);

    /** @param breachAt when the wait breaches its own SLA, on its brand's SLA clock */
    void waitOpened(String taskId, String brandId, long startedAt, long breachAt);

    void waitClosed(String taskId, String brandId, long startedAt, long breachAt);

    /** The task left this instance (rebalance or shutdown): forget its open waits. */
    void taskClosed(String taskId);

    void alert(EngagementAlert alert);

    void deadLetter(DecodeFailure reason);

    /** For tests and replays that do not serve metrics. */
    EngagementMetrics NONE = new EngagementMetrics() {
        @Override
        public void message(String brandId, Platform platform, Direction direction, boolean broadcast) {}

        @Override
        public void responseLatency(String brandId, Platform platform, long latencyMs) {}

        @Override
        public void firstResponseLatency(String brandId, Platform platform, long latencyMs) {}

        @Override
        public void waitOutcome(String brandId, Platform platform, boolean answeredInTime) {}

        @Override
        public void answeredWithinSla(String brandId, Platform platform) {}

        @Override
        public void answeredOnOtherPlatform(String brandId, Platform waitPlatform) {}

        @Override
        public void broadcastEngaged(String brandId) {}

        @Override
        public void negativeLatency(String brandId) {}

        @Override
        public void depthReached(String brandId, int level) {}

        @Override
        public void waitOpened(String taskId, String brandId, long startedAt, long breachAt) {}

        @Override
        public void waitClosed(String taskId, String brandId, long startedAt, long breachAt) {}

        @Override
        public void taskClosed(String taskId) {}

        @Override
        public void alert(EngagementAlert alert) {}

        @Override
        public void deadLetter(DecodeFailure reason) {}
    };
}
