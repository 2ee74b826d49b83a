package dev.rapport.streamsinternals;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Kafka Streams' internals are used in this package only, so an upgrade that changes them breaks here. */
class InternalsFenceTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path FENCE = SOURCES.resolve("dev/rapport/streamsinternals");
    /** An internals package of Kafka Streams, or its internal configuration. */
    private static final Pattern INTERNAL = Pattern.compile("org\\.apache\\.kafka\\.streams\\.[\\w.]*internals\\.|InternalConfig");

    @Test
    void noOtherPackageUsesKafkaStreamsInternals() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            List<Path> outside = files.filter(file -> file.toString().endsWith(".java") && !file.startsWith(FENCE))
                    .filter(InternalsFenceTest::usesInternals)
                    .toList();
            assertThat(outside).as("Kafka Streams internals outside dev.rapport.streamsinternals").isEmpty();
        }
    }

    private static boolean usesInternals(Path file) {
        try {
            return INTERNAL.matcher(Files.readString(file)).find();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
