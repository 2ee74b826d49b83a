package dev.rapport.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The service's jar is what the container image carries: the production commands and nothing of
 * the developer tools, the embedded broker (with Scala) or the test utilities. It is built by the
 * streams-app module before this module's end-to-end tests run.
 */
class ServiceJarIT {
    private static final Path SERVICE_JAR = Path.of("../streams-app/target/rapport-service.jar");

    @Test
    void holdsTheServiceAndNoBrokerScalaToolsOrTestUtilities() throws IOException {
        assertThat(SERVICE_JAR).isRegularFile();
        try (JarFile jar = new JarFile(SERVICE_JAR.toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).toList();
            assertThat(names)
                    .contains(
                            "dev/rapport/cli/ServiceCli.class",
                            "dev/rapport/topology/EngagementTopology.class",
                            "librocksdbjni-linux64.so",
                            "librocksdbjni-linux-aarch64.so")
                    .noneMatch(n -> n.startsWith("scala/"))
                    // The broker: its Scala core and the KRaft controller and log layers (kafka-clients' own
                    // kafka/*.properties and org/apache/kafka/server/ interfaces are part of the client).
                    .noneMatch(n -> n.startsWith("kafka/server/")
                            || n.startsWith("kafka/log/")
                            || n.startsWith("org/apache/kafka/controller/")
                            || n.startsWith("org/apache/kafka/raft/")
                            || n.startsWith("org/apache/kafka/storage/"))
                    .noneMatch(n -> n.startsWith("org/apache/kafka/streams/TopologyTestDriver"))
                    .noneMatch(n -> n.startsWith("dev/rapport/tools/")
                            || n.startsWith("dev/rapport/embedded/")
                            || n.startsWith("dev/rapport/testing/")
                            || n.startsWith("dev/rapport/demo/")
                            || n.startsWith("dev/rapport/bench/"))
                    .noneMatch(n -> n.startsWith("librocksdbjni-osx") || n.startsWith("librocksdbjni-win"));
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("dev.rapport.cli.ServiceCli");
        }
    }

    @Test
    void offersRunAndPolicyOnly() throws Exception {
        String help = runJar("--help");
        assertThat(help).contains("run", "policy").doesNotContain("demo", "replay", "generate", "capture", "bench");
    }

    @Test
    void statesTheVersionTheBuildWroteIntoIt() throws Exception {
        String version = System.getProperty("rapport.version");
        assertThat(version).isNotBlank();
        assertThat(runJar("--version").strip()).isEqualTo("rapport " + version);
    }

    @Test
    void runWithoutABrokerNamesTheSetting() throws Exception {
        String out = runJar("run", "--schema-registry-url", "http://127.0.0.1:1");
        assertThat(out).contains("bootstrap.servers");
    }

    private static String runJar(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", SERVICE_JAR.toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("rapport-service", ".out");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return Files.readString(output, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
