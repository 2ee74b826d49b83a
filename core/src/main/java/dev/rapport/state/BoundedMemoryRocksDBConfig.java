package dev.rapport.state;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

/**
 * Bounds the off-heap memory of all RocksDB state stores (Kafka Streams' "bounded memory"
 * pattern): block cache, index and filter blocks and memtables all count against one shared
 * budget, the {@code state.memory} setting. Kafka Streams creates this class by name for every
 * store, so the budget arrives through the Streams config under {@link #BUDGET_CONFIG}.
 */
public final class BoundedMemoryRocksDBConfig implements RocksDBConfigSetter {
    /** A Streams config entry Kafka does not define; Kafka Streams hands it to every store as is. */
    public static final String BUDGET_CONFIG = "rapport.state.memory.bytes";

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        SharedRocksDBMemory memory = SharedRocksDBMemory.forBudget(budget(configs));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(memory.cache());
        // Index and filter blocks would otherwise live outside the cache, unbounded.
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(memory.writeBufferManager());
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write-buffer manager are shared with the other stores: they outlive this one.
    }

    private static long budget(Map<String, Object> configs) {
        Object value = configs.get(BUDGET_CONFIG);
        if (value == null) {
            throw new IllegalStateException(BoundedMemoryRocksDBConfig.class.getName() + " needs the Streams config "
                    + BUDGET_CONFIG + " (set by StreamsProperties from the setting state.memory)");
        }
        return Long.parseLong(value.toString());
    }
}
