package dev.rapport.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/** The public 93-tweet sample of the Kaggle "Customer Support on Twitter" data, kept outside the repository. */
final class SampleFile {
    private SampleFile() {}

    static Path path() {
        Path path = Path.of(System.getProperty("rapport.twcs.sample", "../../shared/data/twcs-sample.csv"));
        assertThat(Files.isRegularFile(path))
                .as(
                        "sample file %s (set -Drapport.twcs.sample=PATH; it lives in shared/data beside the repository)",
                        path.toAbsolutePath())
                .isTrue();
        return path;
    }
}
