package dev.rapport.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README is part of the product: its commands and configuration table must stay true. */
class DocumentationTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void everySettingIsInTheReadmeTableWithItsDefault() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        for (Setting s : Setting.values()) {
            String cell = s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`";
            assertThat(readme).as("README row for %s", s.key()).contains("| `" + s.key() + "` | " + cell + " |");
        }
    }

    @Test
    void readmeOpensWithTheTwoCommandsAndCiRunsTheSameTestCommand() throws IOException {
        List<String> blocks = codeBlocks(Files.readAllLines(ROOT.resolve("README.md")));
        assertThat(blocks.size()).isGreaterThanOrEqualTo(2);
        assertThat(blocks.get(0)).contains("mvn").contains("java -jar streams-app/target/rapport.jar");
        String testCommand = blocks.get(1).strip();
        List<String> ci = Files.readAllLines(ROOT.resolve(".ci/run"));
        assertThat(ci).as(".ci/run must run the README's test command").contains(testCommand);
    }

    private static List<String> codeBlocks(List<String> lines) {
        List<String> blocks = new ArrayList<>();
        StringBuilder current = null;
        for (String line : lines) {
            if (line.startsWith("```")) {
                if (current == null) {
                    current = new StringBuilder();
                } else {
                    blocks.add(current.toString());
                    current = null;
                }
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        return blocks;
    }
}
