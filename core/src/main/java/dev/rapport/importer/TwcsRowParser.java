package dev.rapport.importer;

import java.time.format.DateTimeParseException;
import java.util.List;

/** Turns one TWCS CSV record into a {@link Tweet}, or rejects it with the reason the summary will show. */
final class TwcsRowParser {
    private final TwcsHeader header;

    TwcsRowParser(TwcsHeader header) {
        this.header = header;
    }

    Tweet parse(CsvRecord record) throws RowRejectedException {
        if (record.defect() != null) {
            throw RowRejectedException.malformed(record.defect(), "line " + record.line());
        }
        List<String> fields = record.fields();
        if (fields.size() < header.minimumFieldCount()) {
            throw RowRejectedException.malformed(
                    "too few columns",
                    "line " + record.line() + " has " + fields.size() + " field(s), the header needs "
                            + header.minimumFieldCount());
        }
        long id = id(fields.get(header.tweetId()), "tweet_id", record.line());
        String parentText = fields.get(header.inResponseToTweetId());
        long parentId =
                parentText.isBlank() ? Tweet.NO_PARENT : id(parentText, "in_response_to_tweet_id", record.line());
        String authorId = fields.get(header.authorId()).trim();
        if (authorId.isEmpty()) {
            throw RowRejectedException.malformed("missing author_id", "line " + record.line());
        }
        boolean inbound = inbound(fields.get(header.inbound()), record.line());
        long occurredAt = occurredAt(fields.get(header.createdAt()), record.line());
        // Only an INBOUND root's mentions are ever consulted: a conversation with an OUTBOUND tweet takes its
        // brand from that tweet. Skipping outbound text saves memory on multi-million-row files.
        List<String> mentions = inbound ? MentionExtractor.mentions(fields.get(header.text())) : List.of();
        return new Tweet(id, parentId, authorId, inbound, occurredAt, mentions);
    }

    private static long id(String text, String column, long line) throws RowRejectedException {
        if (text.isBlank()) {
            throw RowRejectedException.malformed("missing " + column, "line " + line);
        }
        try {
            return TweetIds.parse(text);
        } catch (NumberFormatException e) {
            throw RowRejectedException.malformed(
                    "bad " + column, "line " + line + ": " + RowRejectedException.excerpt(text) + " is not a tweet id");
        }
    }

    private static boolean inbound(String text, long line) throws RowRejectedException {
        String trimmed = text.trim();
        if (trimmed.equalsIgnoreCase("true")) {
            return true;
        }
        if (trimmed.equalsIgnoreCase("false")) {
            return false;
        }
        throw RowRejectedException.malformed(
                "bad inbound", "line " + line + ": " + RowRejectedException.excerpt(text) + " is not True/False");
    }

    private static long occurredAt(String text, long line) throws RowRejectedException {
        try {
            return TwitterTimestamps.parseEpochMillis(text);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw RowRejectedException.malformed(
                    "unparseable created_at", "line " + line + ": " + RowRejectedException.excerpt(text));
        }
    }
}
