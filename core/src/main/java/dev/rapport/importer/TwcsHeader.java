package dev.rapport.importer;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the TWCS columns are. Columns are found by name because pandas re-exports prepend an unnamed index
 * column and other tools reorder or add columns. {@code response_tweet_id} is not needed: it is the inverse of
 * {@code in_response_to_tweet_id}, which alone defines the threads.
 */
record TwcsHeader(int tweetId, int authorId, int inbound, int createdAt, int text, int inResponseToTweetId) {

    static final List<String> REQUIRED_COLUMNS =
            List.of("tweet_id", "author_id", "inbound", "created_at", "text", "in_response_to_tweet_id");

    static TwcsHeader of(CsvRecord header) throws UnreadableInputException {
        if (header == null) {
            throw new UnreadableInputException("empty input: expected a TWCS header with columns " + REQUIRED_COLUMNS);
        }
        if (header.defect() != null) {
            throw new UnreadableInputException(
                    "unreadable TWCS header at line " + header.line() + ": " + header.defect());
        }
        List<String> names = header.fields().stream().map(String::trim).toList();
        List<String> missing = new ArrayList<>();
        int[] positions = new int[REQUIRED_COLUMNS.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = names.indexOf(REQUIRED_COLUMNS.get(i));
            if (positions[i] < 0) {
                missing.add(REQUIRED_COLUMNS.get(i));
            }
        }
        if (!missing.isEmpty()) {
            throw new UnreadableInputException("not a TWCS file: header at line " + header.line() + " lacks column(s) "
                    + missing + "; found " + names);
        }
        return new TwcsHeader(positions[0], positions[1], positions[2], positions[3], positions[4], positions[5]);
    }

    /** A row needs at least this many fields to hold every required column. */
    int minimumFieldCount() {
        return 1
                + Math.max(
                        Math.max(Math.max(tweetId, authorId), Math.max(inbound, createdAt)),
                        Math.max(text, inResponseToTweetId));
    }
}
