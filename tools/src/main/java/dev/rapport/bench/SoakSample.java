package dev.rapport.bench;

/**
 * One reading of the soak phase.
 *
 * @param seconds since the soak load started
 * @param eventsSent events produced so far
 * @param heapAfterGcBytes heap in use right after a full collection ({@code System.gc()}): what the
 *     JVM (broker included, when embedded) keeps alive
 * @param conversations entries of {@code conversation-state}: exact on the heap (the default), RocksDB's estimate on disk
 * @param rocksDbKeys RocksDB's estimate of keys over every store of the application
 * @param rocksDbMemTableBytes memtable bytes over every store
 * @param rocksDbBlockCacheBytes the shared block cache's usage (memtables are charged to it too)
 * @param rocksDbSstBytes SST file bytes over every store
 * @param stateDirBytes bytes under the application's state directory
 * @param loadAverage one-minute load average of the machine
 */
record SoakSample(
        long seconds,
        long eventsSent,
        long heapAfterGcBytes,
        long conversations,
        long rocksDbKeys,
        long rocksDbMemTableBytes,
        long rocksDbBlockCacheBytes,
        long rocksDbSstBytes,
        long stateDirBytes,
        double loadAverage) {}
