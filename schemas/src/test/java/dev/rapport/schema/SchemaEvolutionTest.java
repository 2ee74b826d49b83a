package dev.rapport.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/** Every schema must read what the previous release wrote (BACKWARD compatibility). */
class SchemaEvolutionTest {
    private static final Path CURRENT = Path.of("src/main/avro");
    private static final Path RELEASED = Path.of("released");

    @Test
    void everyCurrentSchemaReadsDataWrittenWithTheLatestReleasedVersion() throws IOException {
        Map<String, Schema> current = parseAll(CURRENT);
        Map<String, Schema> released = parseAll(latestRelease());

        assertThat(current.keySet()).as("a released schema must not disappear").containsAll(released.keySet());
        released.forEach((name, writer) -> {
            var result = SchemaCompatibility.checkReaderWriterCompatibility(current.get(name), writer);
            assertThat(result.getType())
                    .as("%s must read data written with the released version: %s", name, result.getResult().getIncompatibilities())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        });
    }

    @Test
    void theCheckRejectsABreakingChange() throws IOException {
        Schema released = parseAll(latestRelease()).get("dev.rapport.schema.BrandWindowStats");
        String withoutDefault = released.toString().replace(
                "{\"name\":\"negativeLatencies\",\"type\":\"long\",\"doc\":\"Answers timed before the message they answer: discarded, counted here.\",\"default\":0}",
                "{\"name\":\"negativeLatencies\",\"type\":\"long\"},{\"name\":\"addedWithoutDefault\",\"type\":\"long\"}");
        assertThat(withoutDefault).isNotEqualTo(released.toString());
        Schema broken = new Schema.Parser().parse(withoutDefault);

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(broken, released).getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    private static Path latestRelease() throws IOException {
        try (Stream<Path> versions = Files.list(RELEASED)) {
            return versions.filter(Files::isDirectory)
                    .max(Comparator.comparing(p -> p.getFileName().toString(), SchemaEvolutionTest::compareVersions))
                    .orElseThrow(() -> new AssertionError("no released schema folder under " + RELEASED.toAbsolutePath()));
        }
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Parses a folder of .avsc files with named types shared across files (Platform first). */
    private static Map<String, Schema> parseAll(Path dir) throws IOException {
        Schema.Parser parser = new Schema.Parser();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".avsc"))
                    .sorted(Comparator.comparing((Path p) -> !p.getFileName().toString().equals("Platform.avsc"))
                            .thenComparing(Path::toString))
                    .toList();
        }
        Map<String, Schema> schemas = new TreeMap<>();
        for (Path file : files) {
            Schema schema = parser.parse(file.toFile());
            schemas.put(schema.getFullName(), schema);
        }
        return schemas;
    }
}
