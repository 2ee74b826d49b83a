package dev.rapport.importer;

import dev.rapport.schema.MessageEvent;
import java.util.List;

/** The events an import produced and the account of what it read and skipped. */
public record ImportResult(List<MessageEvent> events, ImportSummary summary) {
    public ImportResult {
        events = List.copyOf(events);
    }
}
