package dev.rapport.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BoundedMemoryRocksDBConfigTest {
    // Budgets of their own: the shared memory lives per budget for the whole test JVM.
    private static final long BUDGET = (64L << 20) + 1;
    private static final long OTHER_BUDGET = (32L << 20) + 1;

    private final BoundedMemoryRocksDBConfig setter = new BoundedMemoryRocksDBConfig();

    /** As Kafka Streams hands options to the setter: with its block-based table config in place. */
    private static Options storeOptions() {
        return new Options().setCreateIfMissing(true).setTableFormatConfig(new BlockBasedTableConfig());
    }

    private static Map<String, Object> configs(long budget) {
        return Map.of(BoundedMemoryRocksDBConfig.BUDGET_CONFIG, Long.toString(budget), "application.id", "rapport");
    }

    @Test
    void everyStoreSharesOneCacheAndWriteBufferManagerSizedFromTheConfig() {
        try (Options conversations = storeOptions();
                Options deadlines = storeOptions();
                Options other = storeOptions()) {
            setter.setConfig("conversation-state", conversations, configs(BUDGET));
            setter.setConfig("sla-deadlines", deadlines, configs(BUDGET));
            setter.setConfig("brand-window-stats", other, configs(OTHER_BUDGET));

            SharedRocksDBMemory memory = SharedRocksDBMemory.forBudget(BUDGET);
            assertThat(memory.budgetBytes()).isEqualTo(BUDGET);
            assertThat(conversations.writeBufferManager()).isSameAs(memory.writeBufferManager());
            assertThat(deadlines.writeBufferManager()).isSameAs(memory.writeBufferManager());
            assertThat(other.writeBufferManager()).isNotSameAs(memory.writeBufferManager());
            BlockBasedTableConfig table = (BlockBasedTableConfig) conversations.tableFormatConfig();
            assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
            assertThat(table.cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
            assertThat(table.pinTopLevelIndexAndFilter()).isTrue();
        }
    }

    @Test
    void writesToAStoreAreChargedToTheSharedCache(@TempDir Path dir) throws Exception {
        long budget = BUDGET + 2;
        try (Options options = storeOptions()) {
            setter.setConfig("conversation-state", options, configs(budget));
            try (RocksDB db = RocksDB.open(options, dir.toString())) {
                for (int i = 0; i < 10_000; i++) {
                    db.put(("conversation-" + i).getBytes(StandardCharsets.UTF_8), new byte[100]);
                }
                assertThat(SharedRocksDBMemory.forBudget(budget).cache().getUsage())
                        .isPositive();
            }
        }
    }

    @Test
    void withoutTheBudgetItNamesTheSetting() {
        try (Options options = storeOptions()) {
            assertThatThrownBy(() -> setter.setConfig("conversation-state", options, Map.of()))
                    .hasMessageContaining(BoundedMemoryRocksDBConfig.BUDGET_CONFIG)
                    .hasMessageContaining("state.memory");
        }
    }
}
