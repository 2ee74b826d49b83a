package dev.rapport.importer;

import java.util.List;

/**
 * The parts of a TWCS row the import needs; the text is reduced to its mentions so that it is not kept.
 *
 * @param parentId the {@code in_response_to_tweet_id}, or {@link #NO_PARENT}
 */
record Tweet(long id, long parentId, String authorId, boolean inbound, long occurredAtMillis, List<String> mentions) {
    /** Tweet ids are non-negative, so -1 can never be a real parent. */
    static final long NO_PARENT = -1;
}
