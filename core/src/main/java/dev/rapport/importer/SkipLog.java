package dev.rapport.importer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** Collects skipped rows while an import runs: exact counts per reason, details up to a cap. */
final class SkipLog {
    private final SortedMap<String, Long> countsByReason = new TreeMap<>();
    private final List<SkippedRow> details = new ArrayList<>();

    void skip(long line, String reason, String detail) {
        countsByReason.merge(reason, 1L, Long::sum);
        if (details.size() < ImportSummary.MAX_DETAILS) {
            details.add(new SkippedRow(line, reason, detail));
        }
    }

    void skip(long line, RowRejectedException rejection) {
        skip(line, rejection.reason(), rejection.detail());
    }

    SortedMap<String, Long> countsByReason() {
        return countsByReason;
    }

    /** In line order: rows rejected while reading and conversations dropped afterwards are logged apart. */
    List<SkippedRow> details() {
        return details.stream()
                .sorted(Comparator.comparingLong(SkippedRow::line))
                .toList();
    }
}
