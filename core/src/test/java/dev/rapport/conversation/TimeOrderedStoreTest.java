package dev.rapport.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The time-ordered queue drains what is due, in time order, and never asks its store for a range
 * open to the end of the key space: Kafka's in-memory store copies every key of a range it opens,
 * so an open range made each drain cost a copy of the whole index.
 */
class TimeOrderedStoreTest {
    private final NavigableMap<Bytes, byte[]> entries = new TreeMap<>();
    private final List<String> ranges = new ArrayList<>();

    @Test
    void drainsDueEntriesInTimeOrderThroughBoundedRangesOnly() {
        TimeOrderedStore queue = new TimeOrderedStore(store());
        queue.put(300, key("c"), value("c"));
        queue.put(100, key("a"), value("a"));
        queue.put(200, key("b"), value("b"));
        queue.put(200, key("b2"), value("b2"));
        queue.put(5_000, key("late"), value("late"));

        assertThat(queue.takeUpTo(99)).isEmpty();
        assertThat(names(queue.takeUpTo(200))).containsExactly("a", "b", "b2");
        assertThat(queue.takeUpTo(200)).isEmpty();
        queue.put(150, key("back-in-time"), value("back-in-time"));
        assertThat(names(queue.takeUpTo(1_000))).containsExactly("back-in-time", "c");
        assertThat(names(queue.takeUpTo(Long.MAX_VALUE))).containsExactly("late");
        assertThat(entries).isEmpty();

        // Only the drain to the end of time may leave its range open.
        assertThat(ranges).hasSize(3).last().asString().endsWith("..open");
        assertThat(ranges.subList(0, ranges.size() - 1))
                .allSatisfy(range -> assertThat(range).doesNotContain("open"));
    }

    @Test
    void anEntryAtTheInstantAfterTheDrainTimeStaysQueued() {
        TimeOrderedStore queue = new TimeOrderedStore(store());
        queue.put(201, new byte[0], value("empty-key"));
        queue.put(200, new byte[0], value("due"));
        assertThat(queue.takeUpTo(200)).extracting(e -> new String(e.value())).containsExactly("due");
        assertThat(queue.takeUpTo(201)).extracting(e -> new String(e.value())).containsExactly("empty-key");
    }

    private static byte[] key(String name) {
        return name.getBytes();
    }

    private static byte[] value(String name) {
        return name.getBytes();
    }

    private static List<String> names(List<TimeOrderedStore.Entry> taken) {
        return taken.stream().map(e -> new String(e.value())).toList();
    }

    /** A store over a TreeMap that records the bounds of every range it is asked for. */
    @SuppressWarnings("unchecked")
    private KeyValueStore<Bytes, byte[]> store() {
        return (KeyValueStore<Bytes, byte[]>) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {KeyValueStore.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "put" -> entries.put((Bytes) args[0], (byte[]) args[1]);
                    case "delete" -> entries.remove((Bytes) args[0]);
                    case "all" -> iterator(entries);
                    case "range" -> {
                        Bytes from = (Bytes) args[0];
                        Bytes to = (Bytes) args[1];
                        ranges.add(from + ".." + (to == null ? "open" : to.toString()));
                        yield iterator(to == null ? entries.tailMap(from, true) : entries.subMap(from, true, to, true));
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static KeyValueIterator<Bytes, byte[]> iterator(Map<Bytes, byte[]> view) {
        Iterator<Map.Entry<Bytes, byte[]>> copy = new ArrayList<>(view.entrySet()).iterator();
        return new KeyValueIterator<>() {
            @Override
            public boolean hasNext() {
                return copy.hasNext();
            }

            @Override
            public KeyValue<Bytes, byte[]> next() {
                Map.Entry<Bytes, byte[]> next = copy.next();
                return KeyValue.pair(next.getKey(), next.getValue());
            }

            @Override
            public Bytes peekNextKey() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {}
        };
    }
}
