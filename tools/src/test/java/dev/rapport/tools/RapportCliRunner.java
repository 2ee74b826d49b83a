package dev.rapport.tools;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs the real command line in this JVM and captures what a user would see on stdout and stderr. */
public final class RapportCliRunner {
    public record Result(int exitCode, String stdout, String stderr) {}

    private RapportCliRunner() {}

    public static synchronized Result run(String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try (PrintStream captured = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setOut(captured);
            exit = RapportCli.commandLine().setErr(new PrintWriter(err, true)).execute(args);
        } finally {
            System.setOut(original);
        }
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString());
    }
}
