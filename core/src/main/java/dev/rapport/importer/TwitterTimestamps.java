package dev.rapport.importer;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Parses Twitter's API date format, e.g. {@code Tue Oct 31 22:10:47 +0000 2017}. */
final class TwitterTimestamps {
    // Case-insensitive because CSV round-trips through spreadsheets sometimes change case; the weekday is
    // still checked against the date, so a corrupted date is rejected rather than silently shifted.
    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("EEE MMM d HH:mm:ss xx yyyy")
            .toFormatter(Locale.ENGLISH);

    private TwitterTimestamps() {}

    /**
     * Epoch milliseconds.
     *
     * @throws DateTimeParseException if {@code text} is not in Twitter's format or names an impossible date
     */
    static long parseEpochMillis(String text) {
        return OffsetDateTime.parse(text.trim(), FORMAT).toInstant().toEpochMilli();
    }
}
