package dev.rapport.metrics;

import dev.rapport.schema.AlertType;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.Direction;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.schema.Platform;
import dev.rapport.serde.DecodeFailure;
import java.util.Map;

/**
 * What the topology reports to live monitoring as it processes. Counters are best effort: after a
 * crash, exactly-once reprocessing can count a record twice here, never in the output topics.
 * Gauges are kept per task (open waits, newest brand windows, brand alerts firing) so a task
 * that moves to another instance takes what it reported along.
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

    /**
     * A brand window's stats as written to {@code rapport.brand-stats}; the newest window of each
     * brand is what live monitoring shows of its responders.
     */
    void brandWindow(String taskId, BrandWindowStats stats);

    /**
     * The brand alerts firing now for {@code brandId}, by type (CHANNEL_GAP can fire on several
     * platforms at once), as held in the brand-alert state; replaces what {@code taskId} reported
     * for the brand before. Empty: none fires.
     */
    void brandAlertsFiring(String taskId, String brandId, Map<AlertType, Integer> firingByType);

    /** The task left this instance (rebalance or shutdown): forget everything it reported to the gauges. */
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
        public void brandWindow(String taskId, BrandWindowStats stats) {}

        @Override
        public void brandAlertsFiring(String taskId, String brandId, Map<AlertType, Integer> firingByType) {}

        @Override
        public void taskClosed(String taskId) {}

        @Override
        public void alert(EngagementAlert alert) {}

        @Override
        public void deadLetter(DecodeFailure reason) {}
    };
}
