package dev.rapport.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.utils.Utils;

/** The broker's log directory, deleted on release only if this class created it as a throw-away. */
final class DataDirectory {

    private final Path path;
    private final boolean temporary;

    private DataDirectory(Path path, boolean temporary) {
        this.path = path;
        this.temporary = temporary;
    }

    static DataDirectory kept(Path path) {
        try {
            return new DataDirectory(Files.createDirectories(path).toAbsolutePath(), false);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create broker data directory " + path, e);
        }
    }

    static DataDirectory temporary() {
        try {
            return new DataDirectory(Files.createTempDirectory("rapport-kafka-").toAbsolutePath(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary broker data directory", e);
        }
    }

    Path path() {
        return path;
    }

    void release() {
        if (!temporary) {
            return;
        }
        try {
            Utils.delete(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete temporary broker data directory " + path, e);
        }
    }
}
