package dev.rapport.replay;

import java.io.PrintStream;

/** Progress lines for long replays: on a new phase, every two seconds, and once on completion. */
final class ProgressLog {
    private static final long INTERVAL_NANOS = 2_000_000_000L;
    private final PrintStream out;
    private String phase = "";
    private long lastLine;
    private boolean finishReported;

    ProgressLog(PrintStream out) {
        this.out = out;
    }

    void line(String text) {
        out.println(text);
    }

    void every(String currentPhase, long done, long total) {
        long now = System.nanoTime();
        boolean newPhase = !currentPhase.equals(phase);
        boolean finished = done >= total;
        if (newPhase || (finished && !finishReported) || now - lastLine >= INTERVAL_NANOS) {
            out.printf(
                    "%s %,d / %,d events (%.0f%%)%n",
                    currentPhase, done, total, total == 0 ? 100.0 : 100.0 * done / total);
            phase = currentPhase;
            lastLine = now;
            finishReported = finished;
        }
    }
}
