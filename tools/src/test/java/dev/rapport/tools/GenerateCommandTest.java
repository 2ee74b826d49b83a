package dev.rapport.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.cli.FailureHandler;
import dev.rapport.importer.ImportResult;
import dev.rapport.importer.JsonlImporter;
import dev.rapport.ingest.EventContract;
import dev.rapport.schema.MessageEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesTheRequestedEventsAsJsonLinesTheImporterReadsBack() throws Exception {
        Path file = dir.resolve("traffic.jsonl");

        int exit = RapportCliRunner.run("generate", "--events", "1000", "--out", file.toString(), "--seed", "7")
                .exitCode();

        assertThat(exit).isZero();
        assertThat(Files.readAllLines(file)).hasSize(1000);
        ImportResult imported = new JsonlImporter().importFrom(file);
        assertThat(imported.summary().rowsRead()).isEqualTo(1000);
        assertThat(imported.summary().skippedRows()).isZero();
        EventContract contract = new EventContract(Duration.ofDays(1));
        long now = Instant.now().toEpochMilli();
        for (MessageEvent event : imported.events()) {
            assertThat(contract.violation(event.getConversationId(), event, now))
                    .as(event.getEventId())
                    .isEmpty();
            assertThat(event.getEventId()).startsWith("7-");
        }
    }

    @Test
    void aLiveRunLastsItsDurationAndStampsEventsWithTheWallClock() throws Exception {
        Instant before = Instant.now();
        List<String> lines = generate("live.jsonl", "--duration", "2s", "--rate", "100", "--mode", "zipf");
        Instant after = Instant.now();

        // The run ends once the next simulated event falls past the end, which can be a moment early.
        assertThat(Duration.between(before, after)).isGreaterThanOrEqualTo(Duration.ofMillis(1_500));
        // Two seconds is a slice of the minute-long swell of the rate: only the order of magnitude is certain.
        assertThat(lines).hasSizeBetween(40, 400);
        List<MessageEvent> events =
                new JsonlImporter().importFrom(dir.resolve("live.jsonl")).events();
        assertThat(events).allSatisfy(e -> assertThat(e.getOccurredAt()).isBetween(before.minusMillis(1), after));
    }

    @Test
    void sameSeedAndStartWriteTheSameFile() throws Exception {
        List<String> first = generate(
                "a.jsonl", "--events", "500", "--seed", "3", "--mode", "zipf", "--start", "2026-01-01T00:00:00Z");
        List<String> second = generate(
                "b.jsonl", "--events", "500", "--seed", "3", "--mode", "zipf", "--start", "2026-01-01T00:00:00Z");
        assertThat(first).hasSize(500).isEqualTo(second);
    }

    @Test
    void refusesToProduceWithoutAClusterInOneLine() {
        StringWriter err = new StringWriter();
        CommandLine cli = RapportCli.commandLine();
        cli.getSubcommands().get("generate").setErr(new PrintWriter(err));

        int exit = cli.execute("generate", "--events", "10");

        assertThat(exit).isEqualTo(FailureHandler.CONFIG_ERROR);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("--bootstrap-servers", "--out");
    }

    @Test
    void rejectsACountAndADurationTogether() {
        CommandLine cli = RapportCli.commandLine();
        cli.getSubcommands().get("generate").setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute(
                        "generate",
                        "--events",
                        "10",
                        "--duration",
                        "10m",
                        "--out",
                        dir.resolve("x").toString()))
                .isEqualTo(CommandLine.ExitCode.USAGE);
    }

    private List<String> generate(String name, String... args) throws Exception {
        Path file = dir.resolve(name);
        String[] all = new String[args.length + 3];
        all[0] = "generate";
        all[1] = "--out";
        all[2] = file.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        assertThat(RapportCliRunner.run(all).exitCode()).isZero();
        return Files.readAllLines(file);
    }
}
