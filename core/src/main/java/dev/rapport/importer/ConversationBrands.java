package dev.rapport.importer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decides which brand a TWCS conversation belongs to.
 *
 * <ol>
 *   <li>The author of the conversation's earliest OUTBOUND tweet (by time, then tweet id): the account that
 *       actually answered is the best evidence.
 *   <li>Failing that, the first {@code @handle} in the root tweet that is, ignoring case, the author of some
 *       OUTBOUND tweet in the file: the customer addressed a known brand account that never answered. If two
 *       brand accounts differ only in case, the spelling seen first in the file wins.
 *   <li>Otherwise none: the conversation cannot be attributed.
 * </ol>
 */
final class ConversationBrands {
    private static final int NONE = -1;

    private final TweetTable tweets;
    private final int[] earliestOutboundByRoot;
    private final Map<String, String> brandAccountsByLowerCase = new HashMap<>();

    ConversationBrands(TweetTable tweets, TweetIndex index, ThreadRoots roots) {
        this.tweets = tweets;
        earliestOutboundByRoot = new int[tweets.size()];
        Arrays.fill(earliestOutboundByRoot, NONE);
        for (int row = 0; row < tweets.size(); row++) {
            if (tweets.inbound(row) || index.isDuplicate(row)) {
                continue;
            }
            String author = tweets.authorId(row);
            brandAccountsByLowerCase.putIfAbsent(author.toLowerCase(Locale.ROOT), author);
            int root = roots.rootRow(row);
            int earliest = earliestOutboundByRoot[root];
            if (earliest == NONE || isEarlier(row, earliest)) {
                earliestOutboundByRoot[root] = row;
            }
        }
    }

    private boolean isEarlier(int row, int other) {
        int byTime = Long.compare(tweets.occurredAtMillis(row), tweets.occurredAtMillis(other));
        return byTime != 0 ? byTime < 0 : tweets.id(row) < tweets.id(other);
    }

    /** The brand of the conversation rooted at {@code rootRow}, or {@code null} if it has none. */
    String brandOf(int rootRow) {
        int earliestOutbound = earliestOutboundByRoot[rootRow];
        if (earliestOutbound != NONE) {
            return tweets.authorId(earliestOutbound);
        }
        for (String handle : tweets.mentions(rootRow)) {
            String brand = brandAccountsByLowerCase.get(handle.toLowerCase(Locale.ROOT));
            if (brand != null) {
                return brand;
            }
        }
        return null;
    }
}
