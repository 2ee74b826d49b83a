package dev.rapport.importer;

/**
 * One input row that produced no event.
 *
 * @param line the 1-based line of the input where the row starts
 * @param reason the summary bucket, for example {@code "malformed row: unparseable created_at"}
 * @param detail what exactly was wrong, for a human fixing the input
 */
public record SkippedRow(long line, String reason, String detail) {}
