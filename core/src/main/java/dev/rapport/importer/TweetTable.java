package dev.rapport.importer;

import java.util.Arrays;
import java.util.List;

/**
 * All valid tweets of a TWCS file, column by column. Primitive arrays instead of one object per tweet keep a
 * multi-million-row file within a modest heap; rows are numbered in file order from 0.
 */
final class TweetTable {
    private static final int INITIAL_CAPACITY = 1024;

    private int size;
    private long[] ids = new long[INITIAL_CAPACITY];
    private long[] parentIds = new long[INITIAL_CAPACITY];
    private long[] occurredAtMillis = new long[INITIAL_CAPACITY];
    private long[] lines = new long[INITIAL_CAPACITY];
    private boolean[] inbound = new boolean[INITIAL_CAPACITY];
    private String[] authorIds = new String[INITIAL_CAPACITY];
    private List<?>[] mentions = new List<?>[INITIAL_CAPACITY];

    void add(Tweet tweet, long line) {
        if (size == ids.length) {
            grow();
        }
        ids[size] = tweet.id();
        parentIds[size] = tweet.parentId();
        occurredAtMillis[size] = tweet.occurredAtMillis();
        lines[size] = line;
        inbound[size] = tweet.inbound();
        authorIds[size] = tweet.authorId();
        mentions[size] = tweet.mentions();
        size++;
    }

    private void grow() {
        int capacity = ids.length * 2;
        ids = Arrays.copyOf(ids, capacity);
        parentIds = Arrays.copyOf(parentIds, capacity);
        occurredAtMillis = Arrays.copyOf(occurredAtMillis, capacity);
        lines = Arrays.copyOf(lines, capacity);
        inbound = Arrays.copyOf(inbound, capacity);
        authorIds = Arrays.copyOf(authorIds, capacity);
        mentions = Arrays.copyOf(mentions, capacity);
    }

    int size() {
        return size;
    }

    long id(int row) {
        return ids[row];
    }

    /** The {@code in_response_to_tweet_id}, or {@link Tweet#NO_PARENT}. */
    long parentId(int row) {
        return parentIds[row];
    }

    long occurredAtMillis(int row) {
        return occurredAtMillis[row];
    }

    long line(int row) {
        return lines[row];
    }

    boolean inbound(int row) {
        return inbound[row];
    }

    String authorId(int row) {
        return authorIds[row];
    }

    @SuppressWarnings("unchecked")
    List<String> mentions(int row) {
        return (List<String>) mentions[row];
    }

    /** The ids of all rows, in row order (a copy). */
    long[] ids() {
        return Arrays.copyOf(ids, size);
    }
}
