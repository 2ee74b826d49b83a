package dev.rapport.importer;

import dev.rapport.schema.Direction;
import dev.rapport.schema.MessageEvent;
import dev.rapport.schema.Platform;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Imports the Kaggle "Customer Support on Twitter" (TWCS) CSV.
 *
 * <ul>
 *   <li>conversationId: the thread root, found by following {@code in_response_to_tweet_id} while that tweet
 *       is in the file (reply loops: see {@link ThreadRoots});
 *   <li>brandId: see {@link ConversationBrands}; conversations without a brand are skipped and counted;
 *   <li>direction: INBOUND when {@code inbound} is true; authorId: {@code author_id}; platform: TWITTER;
 *   <li>eventId: the tweet id as a plain integer; inReplyTo: {@code in_response_to_tweet_id} only when that
 *       tweet is in the file, since a dangling reference would point replay consumers at nothing;
 *   <li>the text is only searched for {@code @handle}s and never stored.
 * </ul>
 *
 * <p>Malformed rows (unparseable date, missing or non-numeric id, ...) are skipped and counted with their line
 * number; "in the file" means among the rows that were imported. A repeated tweet id keeps its first row.
 * Events are ordered by (occurredAt, numeric tweet id).
 *
 * <p>Threads can only be resolved once every row is known, so the ids, reply links, times, authors and
 * mentions of all rows are held in compact columns (see {@link TweetTable}); texts are dropped as they are read.
 */
public final class TwcsImporter implements EventImporter {
    public static final String NO_BRAND = "no brand in conversation";
    public static final String DUPLICATE_TWEET_ID = "malformed row: duplicate tweet_id";

    @Override
    public ImportResult importFrom(Reader input) throws IOException {
        CsvRecordReader csv = new CsvRecordReader(input);
        TwcsRowParser parser = new TwcsRowParser(TwcsHeader.of(csv.next()));
        SkipLog skips = new SkipLog();
        TweetTable tweets = new TweetTable();
        long rowsRead = 0;
        for (CsvRecord record = csv.next(); record != null; record = csv.next()) {
            rowsRead++;
            try {
                tweets.add(parser.parse(record), record.line());
            } catch (RowRejectedException rejection) {
                skips.skip(record.line(), rejection);
            }
        }
        return assemble(tweets, rowsRead, skips);
    }

    private static ImportResult assemble(TweetTable tweets, long rowsRead, SkipLog skips) {
        TweetIndex index = new TweetIndex(tweets);
        ThreadRoots threads = new ThreadRoots(tweets, index);
        ConversationBrands brands = new ConversationBrands(tweets, index, threads);

        String[] eventIds = new String[tweets.size()];
        BitSet skippedRoots = new BitSet();
        BitSet producedRoots = new BitSet();
        SortedSet<String> brandsFound = new TreeSet<>();
        List<MessageEvent> events = new ArrayList<>();
        for (int row : rowsByTimeThenId(tweets)) {
            if (index.isDuplicate(row)) {
                skips.skip(
                        tweets.line(row),
                        DUPLICATE_TWEET_ID,
                        "line " + tweets.line(row) + ": tweet_id " + tweets.id(row) + " already appeared at line "
                                + tweets.line(index.rowOf(tweets.id(row))));
                continue;
            }
            int root = threads.rootRow(row);
            String brand = brands.brandOf(root);
            if (brand == null) {
                skippedRoots.set(root);
                skips.skip(
                        tweets.line(row),
                        NO_BRAND,
                        "line " + tweets.line(row) + ": conversation " + tweets.id(root)
                                + " has no OUTBOUND tweet and its root mentions no brand account");
                continue;
            }
            producedRoots.set(root);
            brandsFound.add(brand);
            int parent = threads.parentRow(row);
            events.add(new MessageEvent(
                    eventId(eventIds, tweets, row),
                    Platform.TWITTER,
                    brand,
                    eventId(eventIds, tweets, root),
                    tweets.inbound(row) ? Direction.INBOUND : Direction.OUTBOUND,
                    tweets.authorId(row),
                    parent == ThreadRoots.NONE ? null : eventId(eventIds, tweets, parent),
                    Instant.ofEpochMilli(tweets.occurredAtMillis(row))));
        }
        ImportSummary summary = new ImportSummary(
                rowsRead,
                events.size(),
                producedRoots.cardinality(),
                skippedRoots.cardinality(),
                skips.countsByReason(),
                skips.details(),
                brandsFound);
        return new ImportResult(events, summary);
    }

    private static int[] rowsByTimeThenId(TweetTable tweets) {
        return IntStream.range(0, tweets.size())
                .boxed()
                .sorted(Comparator.<Integer>comparingLong(tweets::occurredAtMillis)
                        .thenComparingLong(tweets::id))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /** One String per tweet id, shared by the event, its replies' inReplyTo and its thread's conversationId. */
    private static String eventId(String[] cache, TweetTable tweets, int row) {
        if (cache[row] == null) {
            cache[row] = Long.toString(tweets.id(row));
        }
        return cache[row];
    }
}
