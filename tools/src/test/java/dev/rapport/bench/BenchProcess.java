package dev.rapport.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code rapport.jar bench} in a JVM of its own, as a user runs it. */
final class BenchProcess {
    private BenchProcess() {}

    /** Runs bench with {@code args}, standard error to {@code dir}/stderr.txt; returns standard output once it succeeded. */
    static String run(Path dir, List<String> args) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("rapport.jar", "target/rapport.jar"));
        List<String> command = new ArrayList<>(List.of("java", "-jar", jar.toString(), "bench"));
        command.addAll(args);
        Process process = new ProcessBuilder(command)
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue())
                .as(
                        "bench failed:%n%s%n%s",
                        stdout,
                        Files.readAllLines(dir.resolve("stderr.txt")).stream()
                                .filter(l -> l.startsWith("rapport:") || l.startsWith("bench:"))
                                .toList())
                .isZero();
        return stdout;
    }
}
