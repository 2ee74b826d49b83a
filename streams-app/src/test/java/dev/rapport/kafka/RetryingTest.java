package dev.rapport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

class RetryingTest {
    /** A clock that moves only when the code under test pauses, or an attempt takes time. */
    static final class FakeTime {
        long nanos = 1_000_000_000L;
        final List<Long> pauses = new ArrayList<>();

        void advance(Duration d) {
            nanos += d.toNanos();
        }

        Retrying retrying(Duration deadline, List<String> lines) {
            return new Retrying(deadline, lines::add, () -> nanos, millis -> {
                pauses.add(millis);
                nanos += millis * 1_000_000L;
            });
        }
    }

    private final FakeTime time = new FakeTime();
    private final List<String> lines = new ArrayList<>();

    @Test
    void transientFailuresAreRetriedUntilTheCallSucceeds() {
        Retrying retrying = time.retrying(Duration.ofMinutes(5), lines);
        List<Exception> failures = List.of(
                new TimeoutException("Timed out waiting for a node assignment. Call: listOffsets"),
                new ExecutionException(new NotLeaderOrFollowerException("not the leader")),
                new ExecutionException(new CoordinatorNotAvailableException("coordinator moving")),
                new ExecutionException(new NetworkException("connection lost")),
                new java.util.concurrent.TimeoutException());
        AtomicInteger attempts = new AtomicInteger();

        long result = retrying.call("the end offsets of rapport.messages", () -> {
            int n = attempts.getAndIncrement();
            if (n < failures.size()) {
                time.advance(Duration.ofSeconds(3)); // each failed attempt takes a while, as a timed-out call does
                throw failures.get(n);
            }
            return 42L;
        });

        assertThat(result).isEqualTo(42L);
        assertThat(attempts).hasValue(6);
        assertThat(lines).isNotEmpty();
        assertThat(lines.get(0))
                .isEqualTo("rapport: waiting for the end offsets of rapport.messages (timed out: Timed out waiting for"
                        + " a node assignment. Call: listOffsets), retrying for up to 4m 57s");
        // At most one line every 5 s: 5 failures over about 17 s of fake time.
        assertThat(lines.size()).isBetween(2, 4);
        assertThat(time.pauses).allSatisfy(p -> assertThat(p).isBetween(1L, 2_000L));
    }

    @Test
    void aRealErrorEndsTheCallAtOnceAndIsNamed() {
        Retrying retrying = time.retrying(Duration.ofMinutes(5), lines);
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retrying.call("the end offsets of rapport.messages", () -> {
                    attempts.incrementAndGet();
                    throw new ExecutionException(
                            new TopicAuthorizationException("Not authorized to access topics: [rapport.messages]"));
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Kafka refused the end offsets of rapport.messages: TopicAuthorizationException: "
                        + "Not authorized to access topics: [rapport.messages]")
                .hasCauseInstanceOf(TopicAuthorizationException.class);
        assertThat(attempts).hasValue(1);
        assertThat(lines).isEmpty();

        assertThatThrownBy(() -> retrying.call("the creation of topics rapport.messages", () -> {
                    throw new InvalidConfigurationException("Unknown topic config name: retention.mss");
                }))
                .hasMessageContaining("InvalidConfigurationException: Unknown topic config name");
    }

    @Test
    void aDeadlineThatExpiresGivesOneClearLineWithTheLastError() {
        Retrying retrying = time.retrying(Duration.ofSeconds(30), lines);
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retrying.call("the end offsets of rapport.messages", () -> {
                    attempts.incrementAndGet();
                    throw new ExecutionException(new TimeoutException("Timed out waiting for a node assignment."));
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "gave up waiting for the end offsets of rapport.messages after 30s of transient errors "
                                + "(setting command.retry.deadline); the last: timed out: Timed out waiting for a node assignment.")
                .hasMessageNotContaining("\n");
        // Pauses grow to 2 s and never run past the deadline.
        assertThat(attempts.get()).isBetween(15, 25);
        assertThat(time.pauses.stream().mapToLong(Long::longValue).sum()).isEqualTo(30_000L);
        assertThat(lines)
                .hasSizeBetween(6, 7)
                .allSatisfy(line -> assertThat(line)
                        .startsWith("rapport: waiting for the end offsets of rapport.messages (timed out: "));
    }

    @Test
    void aTopicThatNeverAppearsIsAnErrorOnceTheDeadlineHasPassed() {
        Retrying retrying = time.retrying(Duration.ofSeconds(10), lines);

        assertThatThrownBy(() -> retrying.call("the partitions of rapport.alerts", () -> {
                    throw new UnknownTopicOrPartitionException("topic rapport.alerts does not exist");
                }))
                .hasMessageStartingWith("gave up waiting for the partitions of rapport.alerts after 10s")
                .hasMessageEndingWith("topic or partition not known (yet): topic rapport.alerts does not exist");
    }

    @Test
    void aSuccessStartsTheNextFailureStreakWithAFullDeadline() {
        Retrying retrying = time.retrying(Duration.ofSeconds(10), lines);
        for (int call = 0; call < 5; call++) {
            AtomicInteger attempts = new AtomicInteger();
            // About 5 s of failures per call, 27 s in all: more than the deadline, but never in one streak.
            int value = retrying.call("the committed offsets of consumer group rapport", () -> {
                if (attempts.getAndIncrement() < 4) {
                    time.advance(Duration.ofSeconds(1));
                    throw new TimeoutException("timed out");
                }
                return 7;
            });
            assertThat(value).isEqualTo(7);
        }
    }

    @Test
    void aStalledLoopIsReportedThenGivenUp() {
        Retrying retrying = time.retrying(Duration.ofSeconds(20), lines);
        Retrying.Stall stall = retrying.stall("the records of rapport.brand-stats");
        time.advance(Duration.ofSeconds(4));
        stall.check();
        assertThat(lines).isEmpty();
        time.advance(Duration.ofSeconds(2));
        stall.check();
        assertThat(lines)
                .containsExactly("rapport: waiting for the records of rapport.brand-stats (no progress for 6s), "
                        + "retrying for up to 14s");
        stall.progressed();
        time.advance(Duration.ofSeconds(19));
        stall.check();
        time.advance(Duration.ofSeconds(1));
        assertThatThrownBy(stall::check)
                .hasMessage("gave up waiting for the records of rapport.brand-stats: no progress for 20s "
                        + "(setting command.retry.deadline)");
    }

    @Test
    void transientErrorsAreTheOnesABrokerFailoverCauses() {
        assertThat(TransientErrors.isTransient(new ExecutionException(new NotLeaderOrFollowerException("x"))))
                .isTrue();
        assertThat(TransientErrors.isTransient(new java.util.concurrent.TimeoutException()))
                .isTrue();
        assertThat(TransientErrors.isTransient(new ExecutionException(new TopicAuthorizationException("x"))))
                .isFalse();
        assertThat(TransientErrors.isTransient(new IllegalArgumentException("x")))
                .isFalse();
        assertThat(TransientErrors.describe(new NetworkException("gone"))).isEqualTo("broker unavailable: gone");
        assertThat(TransientErrors.describe(new NotLeaderOrFollowerException("moved")))
                .isEqualTo("leader change: moved");
        assertThat(TransientErrors.describe(new CoordinatorNotAvailableException("moving")))
                .isEqualTo("coordinator moving: moving");
    }

    @Test
    void durationsInWords() {
        assertThat(Retrying.inWords(Duration.ofSeconds(290))).isEqualTo("4m 50s");
        assertThat(Retrying.inWords(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Retrying.inWords(Duration.ofMillis(11_200))).isEqualTo("12s");
        assertThat(Retrying.inWords(Duration.ofMinutes(125))).isEqualTo("2h 5m");
    }
}
