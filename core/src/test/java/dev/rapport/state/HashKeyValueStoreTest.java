package dev.rapport.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.BatchingStateRestoreCallback;
import org.apache.kafka.streams.processor.StateRestoreCallback;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The hash store answers every read as Kafka's own in-memory store does after the same writes:
 * the same values by key, the same entries in the same order for ranges, prefix scans and reverse
 * scans, and the same entries (in its own order) for a full scan.
 */
class HashKeyValueStoreTest {

    @Test
    void answersLikeKafkasInMemoryStoreAfterTheSameRandomWrites() {
        KeyValueStore<Bytes, byte[]> hash =
                opened(HashKeyValueStore.supplier("hash").get());
        KeyValueStore<Bytes, byte[]> kafka =
                opened(Stores.inMemoryKeyValueStore("kafka").get());
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            Bytes key = key(random);
            byte[] value = ("v" + i).getBytes(StandardCharsets.UTF_8);
            switch (random.nextInt(5)) {
                case 0 -> assertThat(hash.delete(key)).isEqualTo(kafka.delete(key));
                case 1 -> assertThat(hash.putIfAbsent(key, value)).isEqualTo(kafka.putIfAbsent(key, value));
                case 2 -> {
                    // A null value deletes.
                    hash.put(key, null);
                    kafka.put(key, null);
                }
                case 3 -> {
                    List<KeyValue<Bytes, byte[]>> batch =
                            List.of(KeyValue.pair(key, value), KeyValue.pair(key(random), value));
                    hash.putAll(batch);
                    kafka.putAll(batch);
                }
                default -> {
                    hash.put(key, value);
                    kafka.put(key, value);
                }
            }
            assertThat(hash.get(key)).isEqualTo(kafka.get(key));
        }

        assertThat(hash.approximateNumEntries())
                .isEqualTo(kafka.approximateNumEntries())
                .isGreaterThan(100);
        assertThat(asMap(hash.all())).isEqualTo(asMap(kafka.all()));
        assertThat(listed(hash.reverseAll())).isEqualTo(listed(kafka.reverseAll()));
        for (int i = 0; i < 200; i++) {
            Bytes from = key(random);
            Bytes to = key(random);
            assertThat(listed(hash.range(from, to)))
                    .as("range %s..%s", from, to)
                    .isEqualTo(listed(kafka.range(from, to)));
            assertThat(listed(hash.reverseRange(from, to))).isEqualTo(listed(kafka.reverseRange(from, to)));
            assertThat(listed(hash.range(null, to))).isEqualTo(listed(kafka.range(null, to)));
            assertThat(listed(hash.range(from, null))).isEqualTo(listed(kafka.range(from, null)));
            String prefix = "k" + random.nextInt(30);
            assertThat(listed(hash.prefixScan(prefix, new StringSerializer())))
                    .isEqualTo(listed(kafka.prefixScan(prefix, new StringSerializer())));
        }
    }

    @Test
    void aFullScanSurvivesWritesWhileItRunsAndPeeksWithoutConsuming() {
        KeyValueStore<Bytes, byte[]> store =
                opened(HashKeyValueStore.supplier("hash").get());
        for (int i = 0; i < 1_000; i++) {
            store.put(Bytes.wrap(("k" + i).getBytes(StandardCharsets.UTF_8)), new byte[] {1});
        }
        int seen = 0;
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext()) {
                Bytes peeked = all.peekNextKey();
                KeyValue<Bytes, byte[]> entry = all.next();
                assertThat(entry.key).isEqualTo(peeked);
                store.delete(entry.key);
                store.put(Bytes.wrap(("new" + seen).getBytes(StandardCharsets.UTF_8)), new byte[] {2});
                seen++;
            }
            assertThatThrownBy(all::next).isInstanceOf(NoSuchElementException.class);
        }
        assertThat(seen).isGreaterThanOrEqualTo(1_000);
        assertThat(store.persistent()).isFalse();
        store.close();
        assertThat(store.approximateNumEntries()).isZero();
        assertThat(store.isOpen()).isFalse();
    }

    @Test
    void aScanOfAStoreClosedUnderItFailsInsteadOfEndingEarly() {
        KeyValueStore<Bytes, byte[]> store =
                opened(HashKeyValueStore.supplier("hash").get());
        for (int i = 0; i < 100; i++) {
            store.put(Bytes.wrap(("k" + i).getBytes(StandardCharsets.UTF_8)), new byte[] {1});
        }
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            assertThat(all.hasNext()).isTrue();
            all.next();
            store.close();
            assertThatThrownBy(all::hasNext).isInstanceOf(InvalidStateStoreException.class);
        }
    }

    @Test
    void restoresThroughThePublicBatchingCallbackWithTombstonesAsDeletes() {
        KeyValueStore<Bytes, byte[]> store = HashKeyValueStore.supplier("hash").get();
        List<StateRestoreCallback> registered = new ArrayList<>();
        store.init(registering(new MockProcessorContext<>().getStateStoreContext(), registered), store);

        assertThat(registered).singleElement().isInstanceOf(BatchingStateRestoreCallback.class);
        ((BatchingStateRestoreCallback) registered.get(0))
                .restoreAll(List.of(
                        KeyValue.pair(bytes("a"), bytes("1")),
                        KeyValue.pair(bytes("b"), bytes("2")),
                        KeyValue.pair(bytes("a"), null)));

        assertThat(store.get(Bytes.wrap(bytes("a")))).isNull();
        assertThat(store.get(Bytes.wrap(bytes("b")))).isEqualTo(bytes("2"));
        assertThat(store.getPosition())
                .as("a restore is not processing: no input offsets")
                .isEqualTo(Position.emptyPosition());
    }

    @Test
    void writesAdvanceThePositionToTheInputOffsetBeingProcessed() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        KeyValueStore<Bytes, byte[]> store = HashKeyValueStore.supplier("hash").get();
        store.init(context.getStateStoreContext(), store);

        context.setRecordMetadata("in", 2, 40L);
        store.put(Bytes.wrap(bytes("a")), bytes("1"));
        context.setRecordMetadata("in", 2, 41L);
        store.delete(Bytes.wrap(bytes("a")));
        context.setRecordMetadata("in", 0, 7L);
        store.putIfAbsent(Bytes.wrap(bytes("b")), bytes("1"));

        assertThat(store.getPosition())
                .isEqualTo(Position.emptyPosition().withComponent("in", 2, 41L).withComponent("in", 0, 7L));
    }

    /** {@code context}, keeping the restore callbacks stores register (the mock context drops them). */
    private static StateStoreContext registering(StateStoreContext context, List<StateRestoreCallback> registered) {
        return (StateStoreContext) Proxy.newProxyInstance(
                StateStoreContext.class.getClassLoader(),
                new Class<?>[] {StateStoreContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("register")) {
                        registered.add((StateRestoreCallback) args[1]);
                    }
                    return method.invoke(context, args);
                });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static KeyValueStore<Bytes, byte[]> opened(KeyValueStore<Bytes, byte[]> store) {
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }

    /** Keys from a small space, so writes hit existing keys and prefixes share entries. */
    private static Bytes key(Random random) {
        return Bytes.wrap(("k" + random.nextInt(30) + "-" + random.nextInt(40)).getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> listed(KeyValueIterator<Bytes, byte[]> iterator) {
        List<String> entries = new ArrayList<>();
        try (iterator) {
            iterator.forEachRemaining(kv -> entries.add(kv.key + "=" + new String(kv.value, StandardCharsets.UTF_8)));
        }
        return entries;
    }

    private static Map<Bytes, String> asMap(KeyValueIterator<Bytes, byte[]> iterator) {
        Map<Bytes, String> entries = new HashMap<>();
        try (iterator) {
            iterator.forEachRemaining(kv -> entries.put(kv.key, new String(kv.value, StandardCharsets.UTF_8)));
        }
        return entries;
    }
}
