package dev.rapport.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.config.RapportConfig;
import dev.rapport.files.StateDirectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every demo run starts on a state directory of its own: the broker it talks to is new too. */
class DemoStateTest {
    @TempDir
    Path dir;

    @Test
    void eachRunGetsANewEmptyDirectoryUnderTheConfiguredStateDir() throws IOException {
        Path parent = dir.resolve("not-yet-there");
        RapportConfig config = RapportConfig.defaults().with(Map.of("state.dir", parent.toString()));

        Path first = Demo.freshStateDir(config);
        Path second = Demo.freshStateDir(config);

        assertThat(first).isNotEqualTo(second).isNotEqualTo(parent);
        assertThat(first.getParent()).isEqualTo(parent);
        assertThat(second.getParent()).isEqualTo(parent);
        for (Path fresh : new Path[] {first, second}) {
            try (Stream<Path> entries = Files.list(fresh)) {
                assertThat(entries).isEmpty();
            }
        }
    }

    @Test
    void withoutAStateDirTheRunsDirectoryIsInTheTempDirectoryNotTheServicesDefault() {
        Path fresh = Demo.freshStateDir(RapportConfig.defaults());
        try {
            assertThat(fresh).startsWith(Path.of(System.getProperty("java.io.tmpdir")));
            assertThat(fresh).isNotEqualTo(RapportConfig.defaults().stateDir());
            assertThat(fresh.getFileName().toString()).startsWith("rapport-demo-state-");
        } finally {
            StateDirectories.delete(fresh);
        }
    }
}
