package dev.rapport.importer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.schema.MessageEvent;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.Writer;

/** Writes MessageEvents in the format {@link JsonlImporter} reads: one {@link MessageEventJson} object per line. */
public final class JsonlEventWriter implements Closeable, Flushable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Writer out;

    /** Closing this writer closes {@code out}. */
    public JsonlEventWriter(Writer out) {
        this.out = out;
    }

    /**
     * Appends one line.
     *
     * @throws NullPointerException if a required field is null: such a line would be rejected on import
     */
    public void write(MessageEvent event) throws IOException {
        out.write(MAPPER.writeValueAsString(MessageEventJson.toJson(event)));
        out.write('\n');
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
