package dev.rapport.importer;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Links each tweet to the tweet it answers and to the root of its thread. A parent counts only if it is a
 * (non-duplicate) row of the file; the root is reached by following parents until one is missing.
 *
 * <p>Reply links in real exports can loop (A answers B, B answers A). A loop has no natural root, so its
 * smallest tweet id is taken: the choice is the same whichever member the walk starts from, which keeps the
 * whole loop, and everything hanging off it, one conversation.
 */
final class ThreadRoots {
    static final int NONE = -1;

    private final int[] parentRow;
    private final int[] rootRow;

    ThreadRoots(TweetTable tweets, TweetIndex index) {
        int size = tweets.size();
        parentRow = new int[size];
        for (int row = 0; row < size; row++) {
            long parentId = tweets.parentId(row);
            boolean counted = !index.isDuplicate(row) && parentId != Tweet.NO_PARENT;
            parentRow[row] = counted ? index.rowOf(parentId) : NONE;
        }
        rootRow = new int[size];
        Arrays.fill(rootRow, NONE);
        resolveRoots(tweets, index);
    }

    /**
     * Each walk stops at a row whose root is known, at a row without parent, or on meeting a row of its own
     * path again (a loop); every row walked is then resolved, so the total work is linear in the row count.
     */
    private void resolveRoots(TweetTable tweets, TweetIndex index) {
        BitSet visited = new BitSet(parentRow.length);
        int[] path = new int[16];
        for (int start = 0; start < parentRow.length; start++) {
            if (rootRow[start] != NONE || index.isDuplicate(start)) {
                continue;
            }
            int pathLength = 0;
            int current = start;
            int root;
            while (true) {
                if (rootRow[current] != NONE) {
                    root = rootRow[current];
                    break;
                }
                // Visited but unresolved can only mean: visited by this very walk, so we are in a loop.
                if (visited.get(current)) {
                    root = smallestIdInLoop(tweets, path, pathLength, current);
                    break;
                }
                visited.set(current);
                if (pathLength == path.length) {
                    path = Arrays.copyOf(path, pathLength * 2);
                }
                path[pathLength++] = current;
                if (parentRow[current] == NONE) {
                    root = current;
                    break;
                }
                current = parentRow[current];
            }
            for (int i = 0; i < pathLength; i++) {
                rootRow[path[i]] = root;
            }
        }
    }

    /** The loop is the end of the path, from {@code reentry}'s first visit on. */
    private static int smallestIdInLoop(TweetTable tweets, int[] path, int pathLength, int reentry) {
        int smallest = reentry;
        for (int i = pathLength - 1; path[i] != reentry; i--) {
            if (tweets.id(path[i]) < tweets.id(smallest)) {
                smallest = path[i];
            }
        }
        return smallest;
    }

    /** The row this row answers, or {@link #NONE} if it answers nothing in the file. */
    int parentRow(int row) {
        return parentRow[row];
    }

    /** The row of the thread's root; {@link #NONE} for duplicates, which belong to no thread. */
    int rootRow(int row) {
        return rootRow[row];
    }
}
