package dev.rapport.systest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.config.RapportConfig;
import dev.rapport.kafka.AccessCheck;
import dev.rapport.kafka.Permission;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.acl.AclOperation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Least privilege on the secured cluster of {@code system-tests/}: {@code run} starts under a
 * principal holding exactly the ACLs the operations guide lists, and with any one of them removed
 * it stops, naming the missing ACL, with exit code 2 (no stall, no restart loop). Needs a running
 * stack: {@code system-tests/run-acl-test}, or {@code -Drapport.system.stack=system-tests/work}.
 */
@EnabledIfSystemProperty(named = SystemStack.PROPERTY, matches = ".+")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AclSystemIT {
    private static final Logger REPORT = LoggerFactory.getLogger(AclSystemIT.class);

    /** The measured figures, to the test log rather than standard output. */
    private static void report(String format, Object... args) {
        REPORT.info(String.format(Locale.ROOT, format, args).stripTrailing());
    }

    /** Generous: a first start creates ten topics with three replicas on a loaded machine. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private static SystemStack stack;
    private static List<Permission> required;

    @TempDir
    static Path dir;

    @BeforeAll
    static void exactlyTheDocumentedAcls() throws Exception {
        stack = SystemStack.open();
        Properties client = new Properties();
        client.put("bootstrap.servers", stack.bootstrapServers());
        client.put("sasl.jaas.config", "x required username=\"rapport\";");
        required = AccessCheck.forRun(RapportConfig.defaults(), client).required();
        // A first start: nothing of an earlier run is left to make an ACL unnecessary.
        stack.deleteTopics(List.of(), List.of("rapport.", "rapport-"));
        stack.grantExactly(required);
    }

    @AfterAll
    static void close() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void theOperationsGuideListsEveryAclRunNeeds() throws IOException {
        String guide = Files.readString(Path.of("../docs/operations.md"));
        for (Permission p : required) {
            assertThat(guide).as("docs/operations.md grants %s", p).contains(p.toString());
        }
    }

    @Test
    @Order(2)
    void runStartsWithExactlyTheseAcls() throws Exception {
        assertThat(stack.granted()).containsExactlyInAnyOrderElementsOf(required);
        Path log = dir.resolve("all-acls.log");
        long t0 = System.nanoTime();
        Process run = stack.startRun(Files.createDirectories(dir.resolve("state-all")), log);
        try {
            SystemStack.awaitRunning(run, log, START_TIMEOUT);
            report("all %d ACLs: running after %.1f s%n", required.size(), (System.nanoTime() - t0) / 1e9);
            // Running for a while must not turn into a failure (a check that runs late, say).
            Thread.sleep(5_000);
            assertThat(run.isAlive()).as("%s", SystemStack.rapportLines(log)).isTrue();
        } finally {
            SystemStack.stop(run);
        }
    }

    @Test
    @Order(3)
    void eachMissingAclStopsRunNamingIt() throws Exception {
        // CREATE last: its cases delete topics, which every other case would then have to re-create.
        List<Permission> order = new ArrayList<>(required);
        order.sort(Comparator.comparing(p -> p.operation() == AclOperation.CREATE));
        List<String> table = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (Permission missing : order) {
            n++;
            if (missing.operation() == AclOperation.CREATE) {
                // CREATE only matters while the topic is missing.
                if (SystemStack.isPrefixed(missing)) {
                    stack.deleteTopics(List.of(), List.of(missing.name()));
                } else {
                    stack.deleteTopics(List.of(missing.name()), List.of());
                }
            }
            stack.revoke(missing);
            Path log = dir.resolve("without-" + n + ".log");
            long t0 = System.nanoTime();
            Process run = stack.startRun(Files.createDirectories(dir.resolve("state-" + n)), log);
            boolean exited = run.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (!exited) {
                SystemStack.stop(run);
            }
            stack.grant(List.of(missing));
            List<String> said = SystemStack.rapportLines(log);
            String last = said.isEmpty() ? "(nothing)" : said.get(said.size() - 1);
            table.add(String.format(
                    Locale.ROOT,
                    "| %s | %s | %.1f s | `%s` |",
                    missing,
                    exited ? "exit " + run.exitValue() : "still running",
                    seconds,
                    last));
            boolean named = last.startsWith("rapport: missing ACL") && last.contains(missing + " for User:rapport");
            if (!exited
                    || run.exitValue() != 2
                    || !named
                    || said.stream().anyMatch(l -> l.startsWith("rapport: running"))) {
                failures.add(missing + ": " + (exited ? "exit " + run.exitValue() : "did not stop") + ", said " + said
                        + " (log " + log + ")");
            }
        }
        report("| missing ACL | outcome | time to stop | message |");
        report("|---|---|---|---|");
        table.forEach(row -> report("%s", row));
        assertThat(failures).isEmpty();
    }

    @Test
    @Order(4)
    void anAclRevokedWhileRunningStopsProcessingNamingIt() throws Exception {
        stack.grantExactly(required);
        Permission output = Permission.topic(AclOperation.WRITE, "rapport.brand-stats");
        Path log = dir.resolve("revoked.log");
        Process run = stack.startRun(Files.createDirectories(dir.resolve("state-revoked")), log);
        try {
            SystemStack.awaitRunning(run, log, START_TIMEOUT);
            stack.revoke(output);
            long t0 = System.nanoTime();
            Process generate = stack.generate(dir, "5s");
            boolean exited = run.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            generate.waitFor(2, TimeUnit.MINUTES);
            List<String> said = SystemStack.rapportLines(log);
            report(
                    "%s revoked while running, input written: %s after %.1f s: %s%n",
                    output, exited ? "exit " + run.exitValue() : "still running", seconds, said.get(said.size() - 1));
            assertThat(exited)
                    .as("run still running after %s revoked; see %s", output, log)
                    .isTrue();
            assertThat(run.exitValue()).isEqualTo(2);
            assertThat(said.get(said.size() - 1)).startsWith("rapport: missing ACL: " + output + " for User:rapport");
        } finally {
            SystemStack.stop(run);
            stack.grant(List.of(output));
        }
    }
}
