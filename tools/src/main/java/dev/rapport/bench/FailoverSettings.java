package dev.rapport.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * What the failover phase does: two instances of {@code run} in processes of their own share a
 * steady live load; after {@code settle} one is killed with SIGKILL and the load goes on for
 * {@code afterKill}. A warm-up at a lower rate may come first: instances that fail in production
 * have run for hours, and two fresh JVMs on a small host spend their first minute compiling, falling
 * behind a full load in a way they never catch up on.
 *
 * @param rate events per second of wall-clock time, probes aside
 * @param settle how long both instances run under the load before the kill
 * @param afterKill how long the load goes on after the kill
 * @param groupProtocol {@code classic} or {@code streams} (the broker-driven protocol of KIP-1071)
 * @param standbyReplicas standby replicas of each task
 * @param sessionTimeout how long the group coordinator waits for a silent member before it moves
 *     the member's tasks
 * @param heartbeatInterval how often a member reports to the coordinator, which is also how soon
 *     the survivor hears of a rebalance; zero for a third of the session, at most the protocol's
 *     default
 * @param instanceHeap maximum heap of each instance's JVM, as java's -Xmx takes it
 * @param conversations open conversations written and processed before the load starts, so the
 *     moved tasks have state to restore (or to hold in a standby); 0 for none
 * @param abortCheck how often the broker looks for transactions past their timeout and aborts
 *     them ({@code transaction.abort.timed.out.transaction.cleanup.interval.ms}): the killed
 *     instance's open transactions hold every read_committed reader until then
 * @param warmup how long both instances run under {@code warmupRate} before the settle's load,
 *     without probes; zero for none
 * @param warmupRate events per second of the warm-up
 */
public record FailoverSettings(
        double rate,
        Duration settle,
        Duration afterKill,
        String groupProtocol,
        int standbyReplicas,
        Duration sessionTimeout,
        Duration heartbeatInterval,
        String instanceHeap,
        long conversations,
        Duration abortCheck,
        Duration warmup,
        double warmupRate) {
    /** The shortest session the embedded broker accepts for either protocol (classic's own lower bound). */
    static final Duration MIN_SESSION_TIMEOUT = Duration.ofSeconds(6);

    public FailoverSettings {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("failover rate must be positive, got " + rate);
        }
        if (settle.isNegative() || settle.isZero()) {
            throw new IllegalArgumentException("failover settle time must be positive, got " + settle);
        }
        if (afterKill.isNegative() || afterKill.isZero()) {
            throw new IllegalArgumentException("failover time after the kill must be positive, got " + afterKill);
        }
        groupProtocol = groupProtocol.toLowerCase(Locale.ROOT);
        if (!groupProtocol.equals("classic") && !groupProtocol.equals("streams")) {
            throw new IllegalArgumentException("group protocol must be classic or streams, got " + groupProtocol);
        }
        if (standbyReplicas < 0 || standbyReplicas > 1) {
            // Two instances: a second standby would have nowhere to live.
            throw new IllegalArgumentException(
                    "standby replicas must be 0 or 1 with two instances, got " + standbyReplicas);
        }
        if (sessionTimeout.compareTo(MIN_SESSION_TIMEOUT) < 0) {
            throw new IllegalArgumentException("session timeout must be at least " + MIN_SESSION_TIMEOUT.toSeconds()
                    + " s, got " + sessionTimeout);
        }
        if (heartbeatInterval.isZero()) {
            heartbeatInterval = thirdOfSessionAtMostDefault(sessionTimeout, streamsProtocol(groupProtocol));
        }
        if (heartbeatInterval.isNegative() || heartbeatInterval.compareTo(sessionTimeout.dividedBy(2)) > 0) {
            throw new IllegalArgumentException("heartbeat interval must be positive and at most half the session, got "
                    + heartbeatInterval + " for a session of " + sessionTimeout);
        }
        if (conversations < 0) {
            throw new IllegalArgumentException("conversations must not be negative, got " + conversations);
        }
        if (abortCheck.isNegative() || abortCheck.isZero()) {
            throw new IllegalArgumentException(
                    "the broker's transaction abort check interval must be positive, got " + abortCheck);
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("failover warm-up must not be negative, got " + warmup);
        }
        if (!warmup.isZero() && !(warmupRate > 0)) {
            throw new IllegalArgumentException("failover warm-up rate must be positive, got " + warmupRate);
        }
        if (!instanceHeap.matches("[0-9]+[kKmMgG]?")) {
            throw new IllegalArgumentException(
                    "instance heap must be a java -Xmx size such as 1536m, got " + instanceHeap);
        }
    }

    boolean streamsProtocol() {
        return streamsProtocol(groupProtocol);
    }

    private static boolean streamsProtocol(String groupProtocol) {
        return groupProtocol.equals("streams");
    }

    /**
     * A member sends about three heartbeats per session, so one lost heartbeat does not end it,
     * and never less often than the protocol's default.
     */
    private static Duration thirdOfSessionAtMostDefault(Duration sessionTimeout, boolean streamsProtocol) {
        Duration protocolDefault = streamsProtocol ? Duration.ofSeconds(5) : Duration.ofSeconds(3);
        Duration third = sessionTimeout.dividedBy(3);
        return third.compareTo(protocolDefault) < 0 ? third : protocolDefault;
    }
}
