package dev.rapport.importer;

import java.util.List;

/**
 * One CSV record.
 *
 * @param line 1-based line where the record starts (a quoted newline makes a record span several lines)
 * @param fields the field values, unquoted
 * @param defect why the record cannot be trusted, or {@code null} if it is well-formed
 */
record CsvRecord(long line, List<String> fields, String defect) {}
