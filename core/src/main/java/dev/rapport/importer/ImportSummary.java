package dev.rapport.importer;

import dev.rapport.schema.MessageEvent;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an import read and what it did with it. Every row read either became an event or was skipped, so
 * {@code rowsRead == eventsProduced + skippedRows()}.
 *
 * @param rowsRead data rows (CSV records after the header, non-blank JSON lines)
 * @param eventsProduced events in the result
 * @param conversations distinct conversations among the produced events
 * @param conversationsSkipped conversations dropped as a whole (TWCS: no brand could be determined)
 * @param skippedRowsByReason how many rows were skipped, per reason
 * @param skippedRowDetails the first {@value #MAX_DETAILS} skipped rows found, in line order; the counts above
 *     stay exact beyond that, the cap only bounds memory for a badly broken multi-million-row file
 * @param brands the distinct brandIds of the produced events
 */
public record ImportSummary(
        long rowsRead,
        long eventsProduced,
        long conversations,
        long conversationsSkipped,
        SortedMap<String, Long> skippedRowsByReason,
        List<SkippedRow> skippedRowDetails,
        SortedSet<String> brands) {

    public static final int MAX_DETAILS = 1_000;

    public ImportSummary {
        skippedRowsByReason = Collections.unmodifiableSortedMap(new TreeMap<>(skippedRowsByReason));
        skippedRowDetails = List.copyOf(skippedRowDetails);
        brands = Collections.unmodifiableSortedSet(new TreeSet<>(brands));
    }

    /** The summary of an import that drops rows one by one, never whole conversations. */
    static ImportSummary ofEvents(List<MessageEvent> events, long rowsRead, SkipLog skips) {
        SortedSet<String> brands = new TreeSet<>();
        Set<String> conversations = new HashSet<>();
        for (MessageEvent event : events) {
            brands.add(event.getBrandId());
            conversations.add(event.getConversationId());
        }
        return new ImportSummary(
                rowsRead, events.size(), conversations.size(), 0, skips.countsByReason(), skips.details(), brands);
    }

    public long skippedRows() {
        return skippedRowsByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /** How many rows were skipped for {@code reason}; 0 if none. */
    public long skipped(String reason) {
        return skippedRowsByReason.getOrDefault(reason, 0L);
    }
}
