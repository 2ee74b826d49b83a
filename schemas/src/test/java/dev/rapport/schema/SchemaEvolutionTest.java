package dev.rapport.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
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
                    .as(
                            "%s must read data written with the released version: %s",
                            name, result.getResult().getIncompatibilities())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        });
    }

    /**
     * Released enum symbols keep their names and positions; new ones go at the end. Avro's binary
     * encoding writes a symbol's position, so a consumer that decodes with the schema it was built
     * with rather than the writer's reads the wrong symbol when positions move. The names matter
     * too: the brand alert state keeps alert types and platforms by name, so a renamed symbol would
     * no longer match what it holds.
     */
    @Test
    void everyReleasedEnumSymbolKeepsItsPosition() throws IOException {
        Map<String, Schema> current = enums(parseAll(CURRENT));
        enums(parseAll(latestRelease())).forEach((name, released) -> {
            assertThat(current).as("released enum %s", name).containsKey(name);
            List<String> symbols = current.get(name).getEnumSymbols();
            assertThat(symbols.subList(
                            0,
                            Math.min(symbols.size(), released.getEnumSymbols().size())))
                    .as("symbols of %s", name)
                    .isEqualTo(released.getEnumSymbols());
        });
    }

    /**
     * Consumers built on the released schema keep reading alerts when a later release adds an alert
     * type: AlertType's default maps the new symbol to UNKNOWN. The later release's schema is the
     * released one with a symbol appended.
     */
    @Test
    void aReaderOfTheReleasedSchemaReadsANewerAlertTypeAsUnknown() throws IOException {
        Schema released = parseAll(latestRelease()).get("dev.rapport.schema.EngagementAlert");
        String json = released.toString();
        int symbolsEnd = json.indexOf(']', json.indexOf("\"symbols\"", json.indexOf("\"name\":\"AlertType\"")));
        Schema later = new Schema.Parser()
                .parse(json.substring(0, symbolsEnd) + ",\"A_LATER_TYPE\"" + json.substring(symbolsEnd));
        Schema laterType = later.getField("type").schema();
        assertThat(laterType.getEnumSymbols()).endsWith("A_LATER_TYPE");

        GenericRecord alert = new GenericRecordBuilder(later)
                .set("alertId", "A_LATER_TYPE:AcmeSupport:0")
                .set("type", new GenericData.EnumSymbol(laterType, "A_LATER_TYPE"))
                .set(
                        "status",
                        new GenericData.EnumSymbol(later.getField("status").schema(), "FIRING"))
                .set(
                        "severity",
                        new GenericData.EnumSymbol(later.getField("severity").schema(), "WARNING"))
                .set("brandId", "AcmeSupport")
                .set("observedValue", 0.5)
                .set("threshold", 0.9)
                .set("detectedAt", 0L)
                .set("emittedAt", 0L)
                .set("message", "m")
                .build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(later).write(alert, encoder);
        encoder.flush();

        GenericRecord read = new GenericDatumReader<GenericRecord>(later, released)
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        assertThat(read.get("type")).hasToString("UNKNOWN");
        assertThat(read.get("alertId")).hasToString("A_LATER_TYPE:AcmeSupport:0");
    }

    @Test
    void theCheckRejectsABreakingChange() throws IOException {
        Schema released = parseAll(latestRelease()).get("dev.rapport.schema.BrandWindowStats");
        String withoutDefault = released.toString()
                .replace(
                        "{\"name\":\"negativeLatencies\",\"type\":\"long\",\"doc\":\"Answers timed before the message they answer: discarded, counted here.\",\"default\":0}",
                        "{\"name\":\"negativeLatencies\",\"type\":\"long\"},{\"name\":\"addedWithoutDefault\",\"type\":\"long\"}");
        assertThat(withoutDefault).isNotEqualTo(released.toString());
        Schema broken = new Schema.Parser().parse(withoutDefault);

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(broken, released)
                        .getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    private static Path latestRelease() throws IOException {
        try (Stream<Path> versions = Files.list(RELEASED)) {
            return versions.filter(Files::isDirectory)
                    .max(Comparator.comparing(p -> p.getFileName().toString(), SchemaEvolutionTest::compareVersions))
                    .orElseThrow(
                            () -> new AssertionError("no released schema folder under " + RELEASED.toAbsolutePath()));
        }
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(
                    i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Every enum named in {@code schemas}, by full name, however deeply it is nested. */
    private static Map<String, Schema> enums(Map<String, Schema> schemas) {
        Map<String, Schema> enums = new TreeMap<>();
        Set<String> visited = new HashSet<>();
        schemas.values().forEach(schema -> collectEnums(schema, enums, visited));
        return enums;
    }

    private static void collectEnums(Schema schema, Map<String, Schema> enums, Set<String> visitedRecords) {
        switch (schema.getType()) {
            case ENUM -> enums.put(schema.getFullName(), schema);
            case RECORD -> {
                if (visitedRecords.add(schema.getFullName())) {
                    schema.getFields().forEach(f -> collectEnums(f.schema(), enums, visitedRecords));
                }
            }
            case UNION -> schema.getTypes().forEach(t -> collectEnums(t, enums, visitedRecords));
            case ARRAY -> collectEnums(schema.getElementType(), enums, visitedRecords);
            case MAP -> collectEnums(schema.getValueType(), enums, visitedRecords);
            default -> {}
        }
    }

    /** Parses a folder of .avsc files with named types shared across files (Platform first). */
    private static Map<String, Schema> parseAll(Path dir) throws IOException {
        Schema.Parser parser = new Schema.Parser();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".avsc"))
                    .sorted(Comparator.comparing(
                                    (Path p) -> !p.getFileName().toString().equals("Platform.avsc"))
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
