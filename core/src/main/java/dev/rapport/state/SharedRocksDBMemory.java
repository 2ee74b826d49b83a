package dev.rapport.state;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * The one block cache and write-buffer manager that every RocksDB store of this process shares,
 * per memory budget. Kafka Streams opens one RocksDB instance per store, partition and window
 * segment, each with its own defaults (a 50 MB cache, three 16 MB memtables), so memory grows with
 * the partition count; charging all of them to one cache makes the budget a bound for the process.
 * The objects live as long as the process: stores close and reopen on every rebalance, and
 * recreating the cache then would drop everything it holds.
 */
final class SharedRocksDBMemory {
    /** Index and filter blocks stay in this high-priority share, so data blocks cannot evict them. */
    static final double INDEX_AND_FILTER_SHARE = 0.1;
    /** Memtables are charged to the cache too; this share of the budget makes them flush. */
    static final long MEMTABLE_DIVISOR = 4;

    private static final Map<Long, SharedRocksDBMemory> BY_BUDGET = new ConcurrentHashMap<>();

    private final long budgetBytes;
    private final Cache cache;
    private final WriteBufferManager writeBufferManager;

    private SharedRocksDBMemory(long budgetBytes) {
        RocksDB.loadLibrary();
        this.budgetBytes = budgetBytes;
        // -1: RocksDB picks the shard count; false: a full cache evicts instead of failing inserts.
        this.cache = new LRUCache(budgetBytes, -1, false, INDEX_AND_FILTER_SHARE);
        this.writeBufferManager = new WriteBufferManager(budgetBytes / MEMTABLE_DIVISOR, cache);
    }

    static SharedRocksDBMemory forBudget(long budgetBytes) {
        return BY_BUDGET.computeIfAbsent(budgetBytes, SharedRocksDBMemory::new);
    }

    long budgetBytes() {
        return budgetBytes;
    }

    Cache cache() {
        return cache;
    }

    WriteBufferManager writeBufferManager() {
        return writeBufferManager;
    }
}
