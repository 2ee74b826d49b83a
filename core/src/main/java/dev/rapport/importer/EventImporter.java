package dev.rapport.importer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns a file of some external format into {@link dev.rapport.schema.MessageEvent}s.
 *
 * <p>Bad rows never abort an import: they are skipped and counted in the {@link ImportSummary}.
 * Only input that cannot be read at all ends in an {@link IOException}.
 */
public interface EventImporter {

    /**
     * Reads the whole input. The caller owns {@code input} and closes it.
     *
     * @throws UnreadableInputException if the input as a whole is not in this format (for example a CSV without
     *     the required header columns)
     * @throws IOException if reading from {@code input} fails
     */
    ImportResult importFrom(Reader input) throws IOException;

    /**
     * Reads a UTF-8 file; see {@link #importFrom(Reader)}. Invalid UTF-8 bytes become U+FFFD instead of
     * aborting: one damaged byte in a text column must not cost the other million rows.
     */
    default ImportResult importFrom(Path file) throws IOException {
        try (Reader reader =
                new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            return importFrom(reader);
        }
    }
}
