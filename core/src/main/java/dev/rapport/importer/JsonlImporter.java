package dev.rapport.importer;

import dev.rapport.schema.MessageEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Imports MessageEvents written one JSON object per line, with the Avro field names (as
 * {@link JsonlEventWriter} writes them).
 *
 * <ul>
 *   <li>platform and direction are the enum symbols, exactly as in the schema; an unknown platform becomes
 *       OTHER, an unknown direction rejects the line;
 *   <li>inReplyTo may be null or absent;
 *   <li>occurredAt is epoch milliseconds or an ISO-8601 instant string;
 *   <li>blank lines are ignored and do not count as rows; a bad line (invalid JSON, a required field missing,
 *       an unknown direction) is skipped and counted with its line number.
 * </ul>
 *
 * <p>Events keep the input order, which is not necessarily time order: the replay sorts by occurredAt when it
 * needs to, and keeping the order lets a file reproduce an out-of-order arrival on purpose.
 */
public final class JsonlImporter implements EventImporter {
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    @Override
    public ImportResult importFrom(Reader input) throws IOException {
        BufferedReader lines = input instanceof BufferedReader buffered ? buffered : new BufferedReader(input);
        JsonlEventDecoder decoder = new JsonlEventDecoder();
        SkipLog skips = new SkipLog();
        List<MessageEvent> events = new ArrayList<>();
        long lineNumber = 0;
        long rowsRead = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            lineNumber++;
            if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            rowsRead++;
            try {
                events.add(decoder.decode(line, lineNumber));
            } catch (RowRejectedException rejection) {
                skips.skip(lineNumber, rejection);
            }
        }
        return new ImportResult(events, ImportSummary.ofEvents(events, rowsRead, skips));
    }
}
