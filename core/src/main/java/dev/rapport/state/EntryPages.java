package dev.rapport.state;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a {@link HashKeyValueStore} keeps its entries: appended back to back in pages of up to
 * {@value #PAGE_BYTES} bytes, each entry named by a {@code long} reference (page, its
 * generation, offset). With millions of conversations, one array per entry meant millions of
 * objects for the collector to copy out of the young generation as a restore wrote them, and to
 * trace ever after, and each paid an array header. Pages are a few thousand objects, and a table
 * of {@code long}s holds no references at all.
 *
 * <p>An entry is never rewritten: a new value is appended and the old bytes become garbage,
 * counted per page, and the old entry's released bit is set ({@link EntryCodec#markReleased}), a
 * bit no reader's lengths depend on. When more than {@link #MAX_GARBAGE_SHARE} of the pages' bytes
 * is garbage, the store moves the live entries of the page with the fewest of them to the end
 * ({@link HashKeyValueStore}'s compaction) and the page is dropped; a page whose entries all died
 * is dropped at once. Pages stay below G1's humongous size (half a region, at least 512 KiB), so
 * they are allocated and collected as ordinary objects; an entry too large for that gets a page
 * of its own.
 *
 * <p>One writer (the stream thread), any number of readers. Bytes are written before the
 * reference naming them is published (by the store, with release semantics), and a dropped page's
 * index is reused only with the next generation, so a reader holding a reference either finds the
 * page it names, whose bytes never change but for dead entries' released bits, or learns that the
 * entry moved ({@link #pageOf} returns null) and reads the reference again. Generations have
 * {@value #GENERATION_BITS} bits: a reader would have to be suspended through that many reuses of
 * one index to be fooled.
 *
 * <p>A scan cannot read a reference again: it walks a table that a rehash may have replaced, and
 * no one updates the old table when an entry moves. So while any scan is open
 * ({@link #scanStarted}), a dropped page is retired instead: it stays where references find it,
 * outside the accounting, and is freed at the writer's first page change after the last scan
 * ended. A scan never closed keeps its retired pages; Kafka's contract is to close every
 * iterator, and its metered store reports the open ones.
 *
 * <p>A reference takes the low 52 bits of a {@code long}: 20 for the page's index plus one (so
 * no reference is 0 or 1, which the store's table uses for free and deleted slots), 12 for its
 * generation, 20 for the offset. That is a million pages, up to 256 GiB, per store.
 */
final class EntryPages {
    static final int PAGE_BYTES = 256 * 1024;
    /**
     * A small store's pages: a page is an eighth of what the store holds, between this and
     * {@link #PAGE_BYTES}, so an instance with many small tasks does not hold a full page for each.
     */
    static final int MIN_PAGE_BYTES = 4 * 1024;
    /** An entry from this size gets a page of its own, so appends never leave much of a page empty. */
    private static final int OWN_PAGE_FROM = PAGE_BYTES / 4;
    /**
     * Garbage share of the pages' bytes above which a page is compacted. Lower keeps the heap
     * closer to the live bytes, at the price of copying more live entries per byte reclaimed.
     */
    static final double MAX_GARBAGE_SHARE = 0.2;

    static final long FREE = 0;
    static final long DELETED = 1;
    private static final int OFFSET_BITS = 20;
    static final int GENERATION_BITS = 12;
    private static final int GENERATION_MASK = (1 << GENERATION_BITS) - 1;
    private static final int INDEX_BITS = 20;
    /**
     * The bits of a {@code long} a reference uses; the ones above are the caller's (the store
     * keeps a few bits of the key's hash there) and are ignored here.
     */
    static final long REFERENCE_MASK = (1L << (32 + INDEX_BITS)) - 1;

    private static final VarHandle PAGES = MethodHandles.arrayElementVarHandle(Page[].class);

    /** One page: its bytes are append-only, and what the writer counts on it. */
    private static final class Page {
        final byte[] bytes;
        final int generation;
        /** Bytes appended; only the writer reads and writes it. */
        int fill;
        /** Bytes of live entries; only the writer reads and writes it. */
        int live;

        /** Dropped while a scan was open; only the writer reads and writes it. */
        boolean retired;

        Page(int size, int generation) {
            this.bytes = new byte[size];
            this.generation = generation;
        }
    }

    private volatile Page[] pages = new Page[16];
    /** Generations of dropped pages' indexes, so a reuse takes the next. */
    private int[] lastGeneration = new int[16];

    private final AtomicInteger openScans = new AtomicInteger();
    /** Indexes of pages dropped while a scan was open, freed when none is. */
    private int[] retiredIndexes = new int[16];

    private int retiredCount;
    private int[] freeIndexes = new int[16];
    private int freeCount;
    private int pageCount;
    /** The page appends go to, or -1. */
    private int current = -1;

    private long capacity;
    private long live;

    /** Appends {@code length} bytes of {@code source} from {@code from}; returns the reference. */
    long append(byte[] source, int from, int length) {
        int index;
        if (length >= OWN_PAGE_FROM) {
            index = open(length);
        } else {
            if (current < 0 || page(current).fill + length > page(current).bytes.length) {
                current = open(Math.max(length, nextPageSize()));
            }
            index = current;
        }
        Page page = page(index);
        int offset = page.fill;
        System.arraycopy(source, from, page.bytes, offset, length);
        page.fill += length;
        page.live += length;
        live += length;
        return reference(index, page.generation, offset);
    }

    /** The entry {@code reference} names is dead: its bytes count as garbage from now on. */
    void release(long reference) {
        int index = index(reference);
        Page page = page(index);
        int offset = offset(reference);
        int length = EntryCodec.length(page.bytes, offset);
        EntryCodec.markReleased(page.bytes, offset);
        page.live -= length;
        live -= length;
        if (page.live == 0 && index != current) {
            drop(index);
        }
    }

    /**
     * The page to compact: when garbage exceeds {@link #MAX_GARBAGE_SHARE}, the page other than
     * the one being appended to with the fewest live bytes; else -1.
     */
    int compactionCandidate() {
        long unwritten = current < 0 ? 0 : page(current).bytes.length - page(current).fill;
        if (capacity - unwritten - live <= MAX_GARBAGE_SHARE * capacity) {
            return -1;
        }
        Page[] all = pages;
        int candidate = -1;
        int fewest = Integer.MAX_VALUE;
        for (int i = 0; i < pageCount; i++) {
            Page page = all[i];
            if (page != null && !page.retired && i != current && page.live < fewest && page.live < page.fill) {
                candidate = i;
                fewest = page.live;
            }
        }
        return candidate;
    }

    /** Receives an entry of a page being compacted. */
    @FunctionalInterface
    interface EntryVisitor {
        void visit(byte[] bytes, int at, long reference);
    }

    /** Every entry appended to any page, live or dead ({@link EntryCodec#released}), page by page. */
    void forEachEntry(EntryVisitor visitor) {
        for (int i = 0; i < pageCount; i++) {
            if (page(i) != null && !page(i).retired) {
                forEachEntry(i, visitor);
            }
        }
    }

    /** Every entry appended to page {@code index}, live or dead ({@link EntryCodec#released}), in order. */
    void forEachEntry(int index, EntryVisitor visitor) {
        Page page = page(index);
        for (int at = 0; at < page.fill; at += EntryCodec.length(page.bytes, at)) {
            visitor.visit(page.bytes, at, reference(index, page.generation, at));
        }
    }

    /**
     * Drops page {@code index}, never the one being appended to; what was live on it must have
     * been appended elsewhere, and the slots that named it must name the new places.
     */
    void drop(int index) {
        Page page = page(index);
        live -= page.live;
        capacity -= page.bytes.length;
        // The slots' new references before the count of scans: a scan that starts after this
        // read of zero reads them (and no scan can be reading the old ones).
        VarHandle.fullFence();
        if (openScans.get() > 0) {
            page.retired = true;
            if (retiredCount == retiredIndexes.length) {
                retiredIndexes = Arrays.copyOf(retiredIndexes, retiredCount * 2);
            }
            retiredIndexes[retiredCount++] = index;
        } else {
            free(index);
        }
    }

    private void free(int index) {
        lastGeneration[index] = page(index).generation;
        PAGES.setRelease(pages, index, (Page) null);
        if (freeCount == freeIndexes.length) {
            freeIndexes = Arrays.copyOf(freeIndexes, freeCount * 2);
        }
        freeIndexes[freeCount++] = index;
    }

    /** A scan begins: until it ends, no page it may find a reference to is freed. Any thread. */
    void scanStarted() {
        openScans.incrementAndGet();
    }

    /** A scan ended (once per {@link #scanStarted}). Any thread. */
    void scanEnded() {
        openScans.decrementAndGet();
    }

    /** The page a reference names, or null when its entry has moved since the reference was read. */
    byte[] pageOf(long reference) {
        Page[] all = pages;
        int index = index(reference);
        if (index >= all.length) {
            return null;
        }
        Page page = (Page) PAGES.getAcquire(all, index);
        return page == null || page.generation != generation(reference) ? null : page.bytes;
    }

    /** Pages dropped while a scan was open and not freed yet. */
    int retiredPages() {
        return retiredCount;
    }

    /** Bytes held in pages, live or not (retired pages not counted). */
    long capacity() {
        return capacity;
    }

    /** Bytes of live entries. */
    long live() {
        return live;
    }

    static int offset(long reference) {
        return (int) reference & ((1 << OFFSET_BITS) - 1);
    }

    private static int index(long reference) {
        return (int) ((reference & REFERENCE_MASK) >>> 32) - 1;
    }

    private static int generation(long reference) {
        return ((int) reference >>> OFFSET_BITS) & GENERATION_MASK;
    }

    private static long reference(int index, int generation, int offset) {
        return (long) (index + 1) << 32 | (long) generation << OFFSET_BITS | offset;
    }

    private int nextPageSize() {
        long eighth = Long.highestOneBit(Math.max(1, capacity / 8));
        return (int) Math.max(MIN_PAGE_BYTES, Math.min(PAGE_BYTES, eighth));
    }

    private Page page(int index) {
        return pages[index];
    }

    private int open(int size) {
        if (retiredCount > 0 && openScans.get() == 0) {
            for (int i = 0; i < retiredCount; i++) {
                free(retiredIndexes[i]);
            }
            retiredCount = 0;
        }
        int index;
        if (freeCount > 0) {
            index = freeIndexes[--freeCount];
        } else {
            if (pageCount == (1 << INDEX_BITS) - 1) {
                throw new IllegalStateException("a heap store holds at most " + ((1 << INDEX_BITS) - 1)
                        + " pages of up to " + PAGE_BYTES + " bytes");
            }
            index = pageCount++;
            if (index == pages.length) {
                pages = Arrays.copyOf(pages, index * 2);
                lastGeneration = Arrays.copyOf(lastGeneration, index * 2);
            }
        }
        Page page = new Page(size, (lastGeneration[index] + 1) & GENERATION_MASK);
        PAGES.setRelease(pages, index, page);
        capacity += size;
        return index;
    }
}
