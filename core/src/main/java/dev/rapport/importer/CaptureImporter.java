package dev.rapport.importer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.ingest.ControlRecords;
import dev.rapport.schema.MessageEvent;
import dev.rapport.topology.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Imports the message events of a capture file ({@code rapport capture}, one Kafka record per line, see
 * {@link CaptureFields}). Lines that are not message events are skipped and counted, by reason: records of
 * other topics, control records (watermarks), values that were captured undecoded, tombstones, and events
 * whose record key is not their conversationId (Rapport dead-letters those, so they must not count on
 * replay either). Events keep the file's order; replay sorts them by occurredAt.
 */
public final class CaptureImporter implements EventImporter {
    public static final String OTHER_TOPIC = "not a message event: other topic";
    public static final String CONTROL_RECORD = "not a message event: control record";
    public static final String UNDECODED_VALUE = "not a message event: undecoded value";
    public static final String NO_VALUE = "not a message event: no value";
    public static final String KEY_MISMATCH = "record key is not the conversationId";

    private final ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final JsonlEventDecoder events = new JsonlEventDecoder();

    @Override
    public ImportResult importFrom(Reader input) throws IOException {
        BufferedReader lines = input instanceof BufferedReader buffered ? buffered : new BufferedReader(input);
        SkipLog skips = new SkipLog();
        List<MessageEvent> imported = new ArrayList<>();
        long lineNumber = 0;
        long rowsRead = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            rowsRead++;
            try {
                imported.add(event(line, lineNumber));
            } catch (RowRejectedException rejection) {
                skips.skip(lineNumber, rejection);
            }
        }
        return new ImportResult(imported, ImportSummary.ofEvents(imported, rowsRead, skips));
    }

    private MessageEvent event(String line, long lineNumber) throws RowRejectedException {
        JsonNode record;
        try {
            record = mapper.readTree(line);
        } catch (JacksonException e) {
            throw RowRejectedException.malformed("invalid JSON", "line " + lineNumber + ": " + e.getOriginalMessage());
        }
        if (record == null || !record.isObject()) {
            throw RowRejectedException.malformed("not a JSON object", "line " + lineNumber);
        }
        String topic = record.path(CaptureFields.TOPIC).asText(null);
        if (!Topics.MESSAGES.equals(topic)) {
            throw new RowRejectedException(OTHER_TOPIC, "line " + lineNumber + ": topic " + topic);
        }
        if (isControlRecord(record.path(CaptureFields.HEADERS))) {
            throw new RowRejectedException(CONTROL_RECORD, "line " + lineNumber);
        }
        if (record.has(CaptureFields.VALUE_BASE64)) {
            throw new RowRejectedException(
                    UNDECODED_VALUE,
                    "line " + lineNumber + ": "
                            + record.path(CaptureFields.VALUE_ERROR).asText("not Confluent-framed"));
        }
        JsonNode value = record.get(CaptureFields.VALUE);
        if (value == null || value.isNull()) {
            throw new RowRejectedException(NO_VALUE, "line " + lineNumber);
        }
        MessageEvent event = events.decode(value, lineNumber);
        String key = record.path(CaptureFields.KEY).asText(null);
        if (!Objects.equals(key, event.getConversationId())) {
            throw new RowRejectedException(
                    KEY_MISMATCH,
                    "line " + lineNumber + ": key "
                            + RowRejectedException.excerpt(String.valueOf(key)) + ", conversationId "
                            + RowRejectedException.excerpt(event.getConversationId()));
        }
        return event;
    }

    private static boolean isControlRecord(JsonNode headers) {
        for (JsonNode header : headers) {
            if (ControlRecords.HEADER.equals(
                    header.path(CaptureFields.HEADER_NAME).asText(null))) {
                return true;
            }
        }
        return false;
    }
}
