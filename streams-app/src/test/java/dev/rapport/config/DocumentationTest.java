package dev.rapport.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documentation is part of the product: the README's two commands, the settings table of
 * docs/configuration.md and every relative link between the pages must stay true.
 */
class DocumentationTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");

    @Test
    void everySettingIsInTheConfigurationTableWithItsDefault() throws IOException {
        String reference = Files.readString(ROOT.resolve("docs/configuration.md"));
        for (Setting s : Setting.values()) {
            String cell = s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`";
            assertThat(reference)
                    .as("docs/configuration.md row for %s", s.key())
                    .contains("| `" + s.key() + "` | " + cell + " |");
        }
    }

    @Test
    void readmeOpensWithTheTwoCommandsAndCiRunsTheSameTestCommand() throws IOException {
        List<String> blocks = codeBlocks(Files.readAllLines(ROOT.resolve("README.md")));
        assertThat(blocks.size()).isGreaterThanOrEqualTo(2);
        assertThat(blocks.get(0)).contains("mvn").contains("java -jar tools/target/rapport.jar");
        String testCommand = blocks.get(1).strip();
        List<String> ci = Files.readAllLines(ROOT.resolve(".ci/run"));
        assertThat(ci).as(".ci/run must run the README's test command").contains(testCommand);
    }

    @Test
    void readmeIsAFrontDoorOfAtMost250Lines() throws IOException {
        assertThat(Files.readAllLines(ROOT.resolve("README.md"))).hasSizeLessThanOrEqualTo(250);
    }

    @Test
    void everyRelativeLinkPointsToAnExistingFileAndHeading() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages) {
            for (String target : relativeLinks(Files.readAllLines(page))) {
                checked++;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved =
                        file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(ROOT.relativize(page) + ": " + target + " (no such file)");
                } else if (anchor != null
                        && resolved.toString().endsWith(".md")
                        && !anchors(Files.readAllLines(resolved)).contains(anchor)) {
                    broken.add(ROOT.relativize(page) + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(checked).as("links checked").isGreaterThan(20);
        assertThat(broken).as("broken relative links").isEmpty();
    }

    @Test
    void anchorsFollowGitHubsHeadingIds() {
        assertThat(anchors(List.of(
                        "## Run in production: `rapport run`",
                        "## Running this repository's tests",
                        "## Notes",
                        "## Notes",
                        "```",
                        "## not a heading",
                        "```")))
                .containsExactlyInAnyOrder(
                        "run-in-production-rapport-run", "running-this-repositorys-tests", "notes", "notes-1");
        assertThat(relativeLinks(List.of(
                        "[a](docs/a.md#x) [web](https://example.com) `[b](c.md)`",
                        "```",
                        "[d](d.md)",
                        "```",
                        "[self](#top)")))
                .containsExactly("docs/a.md#x", "#top");
    }

    /** Link targets outside code blocks and inline code, without web and mail addresses. */
    private static List<String> relativeLinks(List<String> lines) {
        List<String> targets = new ArrayList<>();
        boolean inCode = false;
        for (String line : lines) {
            if (line.startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            if (inCode) {
                continue;
            }
            Matcher m = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
            while (m.find()) {
                String target = m.group(1);
                if (!target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    targets.add(target);
                }
            }
        }
        return targets;
    }

    /** The ids GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens. */
    private static Set<String> anchors(List<String> lines) {
        Set<String> ids = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean inCode = false;
        for (String line : lines) {
            if (line.startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            if (inCode || !line.matches("^#{1,6} .*")) {
                continue;
            }
            String text = line.replaceFirst("^#{1,6} ", "").strip();
            String id = text.toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-');
            int n = seen.merge(id, 1, Integer::sum);
            ids.add(n == 1 ? id : id + "-" + (n - 1));
        }
        return ids;
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
