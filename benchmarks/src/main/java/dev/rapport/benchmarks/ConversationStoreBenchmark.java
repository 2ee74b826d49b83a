package dev.rapport.benchmarks;

import dev.rapport.state.HashKeyValueStore;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What an event costs the heap {@code conversation-state} store: read its conversation, write it
 * back (the bench's 24-byte ids and 125-byte states), at a random conversation of a store that
 * holds {@code conversations} of them. {@code kafka} is Kafka's in-memory store (a sorted tree
 * behind a lock), {@code hash} is {@link HashKeyValueStore}, which Rapport uses by default. The tree's
 * cost grows with the store (a search is a chain of cache misses); the hash map's should not.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = "-Xmx6g")
public class ConversationStoreBenchmark {
    private static final int STATE_BYTES = 125;

    @Param({"kafka", "hash"})
    public String store;

    @Param({"100000", "1000000", "5000000"})
    public int conversations;

    private KeyValueStore<Bytes, byte[]> target;
    private Bytes[] keys;
    private byte[] state;
    private final Random random = new Random(11);

    @Setup(Level.Trial)
    public void fill() {
        target = store.equals("hash") ? HashKeyValueStore.supplier("conversation-state").get()
                : Stores.inMemoryKeyValueStore("conversation-state").get();
        target.init(new MockProcessorContext<>().getStateStoreContext(), target);
        keys = new Bytes[conversations];
        state = new byte[STATE_BYTES];
        random.nextBytes(state);
        for (int i = 0; i < conversations; i++) {
            // Distinct 24-character ids in a random order, like the generator's.
            keys[i] = Bytes.wrap(String.format("%08x-%015d", random.nextInt(), i).getBytes(StandardCharsets.US_ASCII));
            target.put(keys[i], state.clone());
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        target.close();
    }

    /** One event's store work: get the conversation's state, put the updated copy back. */
    @Benchmark
    public byte[] getAndPut() {
        // A key built for the call, as the metered store serializes the conversation id per call.
        Bytes key = Bytes.wrap(keys[random.nextInt(conversations)].get().clone());
        byte[] current = target.get(key);
        byte[] updated = current.clone();
        target.put(key, updated);
        return updated;
    }
}
