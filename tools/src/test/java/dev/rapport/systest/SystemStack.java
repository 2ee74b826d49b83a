package dev.rapport.systest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.kafka.Permission;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/**
 * A running {@code system-tests/up} stack, found through the system property
 * {@code rapport.system.stack} (its {@code work/} directory): the files {@code up} wrote, an admin
 * client, ACLs for the {@code rapport} user, and {@code rapport.jar run} as a separate process.
 */
final class SystemStack implements AutoCloseable {
    static final String PROPERTY = "rapport.system.stack";
    static final String PRINCIPAL = "User:rapport";

    private final Path work;
    private final Admin admin;

    private SystemStack(Path work, Admin admin) {
        this.work = work;
        this.admin = admin;
    }

    static SystemStack open() throws IOException {
        Path work = Path.of(System.getProperty(PROPERTY)).toAbsolutePath();
        assertThat(work.resolve("admin.properties"))
                .as("no stack at %s: run system-tests/up first", work)
                .exists();
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(work.resolve("admin.properties"))) {
            p.load(in);
        }
        return new SystemStack(work, Admin.create(p));
    }

    Admin admin() {
        return admin;
    }

    Path file(String name) {
        return work.resolve(name);
    }

    String bootstrapServers() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(work.resolve("admin.properties"))) {
            p.load(in);
        }
        return p.getProperty("bootstrap.servers");
    }

    /** Rapport's user holds exactly {@code permissions}: everything else granted to it is removed first. */
    void grantExactly(Collection<Permission> permissions) throws Exception {
        AclBindingFilter all = new AclBindingFilter(
                ResourcePatternFilter.ANY,
                new AccessControlEntryFilter(PRINCIPAL, null, AclOperation.ANY, AclPermissionType.ANY));
        admin.deleteAcls(List.of(all)).all().get(30, TimeUnit.SECONDS);
        grant(permissions);
    }

    void grant(Collection<Permission> permissions) throws Exception {
        admin.createAcls(permissions.stream().map(SystemStack::binding).toList())
                .all()
                .get(30, TimeUnit.SECONDS);
        awaitAcls();
    }

    void revoke(Permission permission) throws Exception {
        admin.deleteAcls(List.of(binding(permission).toFilter())).all().get(30, TimeUnit.SECONDS);
        awaitAcls();
    }

    /** The ACLs the cluster holds for Rapport's user, as permissions. */
    Set<Permission> granted() throws Exception {
        return admin
                .describeAcls(new AclBindingFilter(
                        ResourcePatternFilter.ANY,
                        new AccessControlEntryFilter(PRINCIPAL, null, AclOperation.ANY, AclPermissionType.ANY)))
                .values()
                .get(30, TimeUnit.SECONDS)
                .stream()
                .map(b -> new Permission(
                        b.entry().operation(),
                        b.pattern().resourceType(),
                        b.pattern().name(),
                        b.pattern().patternType()))
                .collect(Collectors.toSet());
    }

    /** ACL changes travel through the metadata log to every broker; give them a moment. */
    private static void awaitAcls() throws InterruptedException {
        Thread.sleep(1_000);
    }

    private static AclBinding binding(Permission p) {
        return new AclBinding(
                new ResourcePattern(p.resourceType(), p.name(), p.patternType()),
                new AccessControlEntry(PRINCIPAL, "*", p.operation(), AclPermissionType.ALLOW));
    }

    /** Deletes the topics named by {@code names} or starting with a prefix in {@code prefixes}, and waits until they are gone. */
    void deleteTopics(Collection<String> names, Collection<String> prefixes) throws Exception {
        List<String> doomed = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(t -> names.contains(t) || prefixes.stream().anyMatch(t::startsWith))
                .toList();
        if (doomed.isEmpty()) {
            return;
        }
        admin.deleteTopics(doomed).all().get(60, TimeUnit.SECONDS);
        long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().anyMatch(doomed::contains)) {
            assertThat(System.nanoTime()).as("topics %s still listed", doomed).isLessThan(giveUp);
            Thread.sleep(200);
        }
        Thread.sleep(1_000);
    }

    static boolean isTopic(Permission p) {
        return p.resourceType() == ResourceType.TOPIC;
    }

    static boolean isPrefixed(Permission p) {
        return p.patternType() == PatternType.PREFIXED;
    }

    /** {@code rapport.jar run --config work/rapport.properties} with a fresh state directory; output to {@code log}. */
    Process startRun(Path stateDir, Path log, String... settings) throws IOException {
        Path jar = Path.of(System.getProperty("rapport.jar", "target/rapport.jar"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-jar",
                jar.toString(),
                "run",
                "--config",
                file("rapport.properties").toString(),
                "--set",
                "state.dir=" + stateDir,
                "--set",
                "metrics.port=0",
                "--set",
                "query.port=0"));
        command.addAll(Arrays.asList(settings));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /**
     * {@code rapport.jar generate} as the admin user (Rapport's own user may not write its input):
     * registers MessageEvent through nginx and writes {@code duration} of synthetic traffic.
     */
    Process generate(Path dir, String duration) throws IOException {
        Path producer = dir.resolve("producer.properties");
        Files.writeString(
                producer,
                Files.readString(file("rapport.properties"))
                        .replace("username=\"rapport\"", "username=\"admin\"")
                        .replace("secrets/rapport.password", "secrets/admin.password"));
        return new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-jar",
                        Path.of(System.getProperty("rapport.jar", "target/rapport.jar"))
                                .toString(),
                        "generate",
                        "--config",
                        producer.toString(),
                        "--rate",
                        "200",
                        "--duration",
                        duration)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("generate.log").toFile())
                .start();
    }

    /** The lines Rapport itself printed for the user ({@code rapport: ...}). */
    static List<String> rapportLines(Path log) throws IOException {
        return Files.readAllLines(log).stream()
                .filter(l -> l.startsWith("rapport:"))
                .toList();
    }

    /** Waits until run says it is running; fails if it exits first. */
    static void awaitRunning(Process run, Path log, Duration timeout) throws Exception {
        long giveUp = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < giveUp) {
            if (rapportLines(log).stream().anyMatch(l -> l.startsWith("rapport: running"))) {
                return;
            }
            assertThat(run.isAlive())
                    .as(
                            "run exited with %s before running: %s",
                            run.isAlive() ? "-" : run.exitValue(), rapportLines(log))
                    .isTrue();
            Thread.sleep(200);
        }
        throw new AssertionError("run did not start within " + timeout + "; see " + log);
    }

    /** SIGTERM and wait, as an operator stops it. */
    static void stop(Process run) throws InterruptedException {
        run.destroy();
        if (!run.waitFor(90, TimeUnit.SECONDS)) {
            run.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
