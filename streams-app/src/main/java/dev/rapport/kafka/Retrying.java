package dev.rapport.kafka;

import dev.rapport.config.Durations;
import dev.rapport.config.RapportConfig;
import dev.rapport.config.Setting;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.LoggerFactory;

/**
 * How a command's Kafka calls ride through a broker failover: a call that fails with a transient
 * error ({@link TransientErrors}) is tried again, with a short pause, until it succeeds or has been
 * failing for {@code command.retry.deadline}; meanwhile a line now and then says what the command
 * waits for and why. A real error ends the command at once, named. One instance serves one command,
 * so its progress lines are spaced out across all its calls.
 */
public final class Retrying {
    /** A Kafka call; it may throw whatever its future or client throws. */
    @FunctionalInterface
    public interface Attempt<T> {
        T get() throws Exception;
    }

    /** Pauses between attempts; a test passes one that only advances its clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    /** The longest one attempt of an admin call may take, so a call to a dead broker is given up and retried. */
    public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(15);

    static final long PROGRESS_INTERVAL_NANOS = 5_000_000_000L;
    private static final long FIRST_PAUSE_MS = 200;
    private static final long MAX_PAUSE_MS = 2_000;

    private final Duration deadline;
    private final Consumer<String> progress;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private long lastProgressLine;
    private boolean anyProgressLine;

    public Retrying(Duration deadline, Consumer<String> progress, LongSupplier nanoClock, Sleeper sleeper) {
        this.deadline = deadline;
        this.progress = progress;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
    }

    /** For a command: {@code command.retry.deadline}, progress lines on {@code console} (stderr). */
    public static Retrying forCommand(RapportConfig config, PrintStream console) {
        return new Retrying(
                config.duration(Setting.COMMAND_RETRY_DEADLINE), console::println, System::nanoTime, Thread::sleep);
    }

    /** For the service, whose console is its log: progress lines as warnings. */
    public static Retrying logged(RapportConfig config) {
        return logged(config.duration(Setting.COMMAND_RETRY_DEADLINE));
    }

    /** The default deadline, progress as log warnings: for callers without a configuration. */
    public static Retrying withDefaults() {
        return logged(Durations.parseOrNull(Setting.COMMAND_RETRY_DEADLINE.defaultValue()));
    }

    private static Retrying logged(Duration deadline) {
        return new Retrying(deadline, LoggerFactory.getLogger(Retrying.class)::warn, System::nanoTime, Thread::sleep);
    }

    public Duration deadline() {
        return deadline;
    }

    /**
     * The result of {@code attempt}, tried until it succeeds.
     *
     * @param what what the call gets, as in "waiting for {@code what}": e.g. "the end offsets of rapport.messages"
     * @throws IllegalStateException on a real error (naming it), or once transient ones have lasted the deadline
     */
    public <T> T call(String what, Attempt<T> attempt) {
        long firstFailure = 0;
        boolean failing = false;
        long pause = FIRST_PAUSE_MS;
        while (true) {
            Throwable failure;
            // The streak starts when its first attempt did: a call that hung until it timed out counts.
            long attemptStart = nanoClock.getAsLong();
            try {
                return attempt.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            } catch (Exception e) {
                failure = TransientErrors.unwrap(e);
            }
            if (failure instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, failure);
            }
            if (failure instanceof MissingAclException missingAcl) {
                // Already says which permission is missing and how to grant it.
                throw missingAcl;
            }
            if (!TransientErrors.isTransient(failure)) {
                throw new IllegalStateException("Kafka refused " + what + ": " + realError(failure), failure);
            }
            long now = nanoClock.getAsLong();
            if (!failing) {
                failing = true;
                firstFailure = attemptStart;
            }
            long waited = now - firstFailure;
            if (waited >= deadline.toNanos()) {
                throw gaveUp(what, failure);
            }
            report(what, TransientErrors.describe(failure), Duration.ofNanos(deadline.toNanos() - waited));
            pause(Math.min(pause, Math.max(1, (deadline.toNanos() - waited) / 1_000_000)), what);
            pause = Math.min(MAX_PAUSE_MS, pause * 2);
        }
    }

    /**
     * Watches a loop that waits for records or progress of its own (a consumer reading to an end
     * offset): quiet as long as it progresses, then a line now and then, and a failure once it has
     * made no progress for the deadline.
     */
    public Stall stall(String what) {
        return new Stall(what);
    }

    public final class Stall {
        private final String what;
        private long lastProgress;

        private Stall(String what) {
            this.what = what;
            this.lastProgress = nanoClock.getAsLong();
        }

        public void progressed() {
            lastProgress = nanoClock.getAsLong();
        }

        /** @throws IllegalStateException when nothing progressed for the deadline */
        public void check() {
            long quiet = nanoClock.getAsLong() - lastProgress;
            if (quiet >= deadline.toNanos()) {
                throw new IllegalStateException("gave up waiting for " + what + ": no progress for " + inWords(deadline)
                        + " (setting " + Setting.COMMAND_RETRY_DEADLINE.key() + ")");
            }
            if (quiet >= PROGRESS_INTERVAL_NANOS) {
                report(
                        what,
                        "no progress for " + inWords(Duration.ofNanos(quiet)),
                        Duration.ofNanos(deadline.toNanos() - quiet));
            }
        }
    }

    private void report(String what, String reason, Duration left) {
        long now = nanoClock.getAsLong();
        if (anyProgressLine && now - lastProgressLine < PROGRESS_INTERVAL_NANOS) {
            return;
        }
        anyProgressLine = true;
        lastProgressLine = now;
        progress.accept("rapport: waiting for " + what + " (" + reason + "), retrying for up to " + inWords(left));
    }

    private IllegalStateException gaveUp(String what, Throwable last) {
        return new IllegalStateException(
                "gave up waiting for " + what + " after " + inWords(deadline) + " of transient errors (setting "
                        + Setting.COMMAND_RETRY_DEADLINE.key() + "); the last: " + TransientErrors.describe(last),
                last);
    }

    private static String realError(Throwable e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        return e.getClass().getSimpleName() + message;
    }

    private void pause(long millis, String what) {
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }

    /** "4m 50s", "12s", "2h 5m": to the second, the largest two units. */
    public static String inWords(Duration d) {
        long s = Math.max(0, (d.toMillis() + 999) / 1000);
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        if (h > 0) {
            return m > 0 ? h + "h " + m + "m" : h + "h";
        }
        if (m > 0) {
            return sec > 0 ? m + "m " + sec + "s" : m + "m";
        }
        return sec + "s";
    }
}
