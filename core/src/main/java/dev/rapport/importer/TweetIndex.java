package dev.rapport.importer;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Finds a tweet's row by its id. A sorted primitive array with binary search instead of a HashMap of boxed
 * longs: a fraction of the memory for millions of ids.
 *
 * <p>When an id occurs more than once, the first row in file order owns it and the later rows are
 * {@link #isDuplicate(int) duplicates}, so every id names exactly one tweet.
 */
final class TweetIndex {
    static final int NOT_FOUND = -1;

    private final long[] sortedIds;
    private final int[] rowOfSortedId;
    private final BitSet duplicates = new BitSet();

    TweetIndex(TweetTable tweets) {
        long[] ids = tweets.ids();
        Arrays.sort(ids);
        sortedIds = distinctPrefix(ids);
        rowOfSortedId = new int[sortedIds.length];
        Arrays.fill(rowOfSortedId, NOT_FOUND);
        for (int row = 0; row < tweets.size(); row++) {
            int position = Arrays.binarySearch(sortedIds, tweets.id(row));
            if (rowOfSortedId[position] == NOT_FOUND) {
                rowOfSortedId[position] = row;
            } else {
                duplicates.set(row);
            }
        }
    }

    private static long[] distinctPrefix(long[] sorted) {
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, distinct);
    }

    /** The row of the tweet with this id, or {@link #NOT_FOUND}. */
    int rowOf(long id) {
        int position = Arrays.binarySearch(sortedIds, id);
        return position < 0 ? NOT_FOUND : rowOfSortedId[position];
    }

    /** Whether the row repeats the id of an earlier row. */
    boolean isDuplicate(int row) {
        return duplicates.get(row);
    }
}
