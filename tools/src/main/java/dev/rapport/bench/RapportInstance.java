package dev.rapport.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One instance of the real service ({@code rapport run}) in a JVM of its own, started from this
 * JVM's java and class path, as an operator's process would be: killing it kills everything it
 * held (stream threads, producers, open transactions, heartbeats) at once, which closing Kafka
 * Streams in this JVM would not.
 */
final class RapportInstance implements AutoCloseable {
    private static final String MAIN_CLASS = "dev.rapport.tools.RapportCli";
    private static final String RUNNING_LINE = "rapport: running";

    private final String name;
    private final Path log;
    private final Process process;

    private RapportInstance(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code run} with {@code settings} (each passed as --set key=value); its output goes to {@code log}. */
    static RapportInstance start(String name, String heap, Map<String, String> settings, Path log) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-cp",
                System.getProperty("java.class.path"),
                MAIN_CLASS,
                "run"));
        settings.forEach((key, value) -> {
            command.add("--set");
            command.add(key + "=" + value);
        });
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            process.getOutputStream().close();
            return new RapportInstance(name, log, process);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start instance " + name, e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    /** Waits until the service says it runs; fails, with the end of its log, if it exits or takes too long. */
    void awaitRunning(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            checkAlive();
            if (logLines().stream().anyMatch(l -> l.startsWith(RUNNING_LINE))) {
                return;
            }
            Waiting.sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException("instance " + name + " did not start within " + timeout + ":\n" + tail());
    }

    void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    "instance " + name + " exited with " + process.exitValue() + ":\n" + tail());
        }
    }

    /**
     * SIGKILL (what {@link Process#destroyForcibly()} sends on Linux): no shutdown hook runs, no
     * transaction is aborted, no group is left. Returns once the operating system reports the
     * process gone.
     */
    void kill(Duration timeout) {
        process.destroyForcibly();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("instance " + name + " (pid " + pid() + ") survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing instance " + name, e);
        }
        if (ProcessHandle.of(pid()).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IllegalStateException("instance " + name + " (pid " + pid() + ") is still alive");
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The last lines of the instance's log, for an error message. */
    String tail() {
        List<String> lines = logLines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private List<String> logLines() {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, as an operator stops the service: it closes Kafka Streams cleanly; SIGKILL if it hangs. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
