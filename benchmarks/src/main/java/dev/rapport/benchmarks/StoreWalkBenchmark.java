package dev.rapport.benchmarks;

import dev.rapport.conversation.ConversationRules;
import dev.rapport.conversation.ConversationState;
import dev.rapport.conversation.ConversationStateSerde;
import dev.rapport.schema.MessageEvent;
import dev.rapport.state.HashKeyValueStore;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
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
 * What a conversation task start pays per stored conversation to walk the heap store: every live
 * entry unfolded to its value, as the index rebuild reads them ({@link HashKeyValueStore#forEachValue}).
 * The states are the bench's: the sample traffic's conversations, each as the rules left it,
 * stored under copies of their ids until the store holds {@code conversations} of them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = "-Xmx4g")
public class StoreWalkBenchmark {
    @Param({"1000000"})
    public int conversations;

    private HashKeyValueStore store;

    @Setup(Level.Trial)
    public void fill() {
        Map<String, ConversationState> states = new LinkedHashMap<>();
        ConversationRules rules = new ConversationRules();
        List<MessageEvent> events = SampleTraffic.events();
        for (MessageEvent event : events) {
            ConversationState state =
                    states.computeIfAbsent(event.getConversationId(), id -> new ConversationState(event.getBrandId()));
            rules.apply(state, event, SampleTraffic.POLICY);
        }
        List<Map.Entry<String, ConversationState>> samples = List.copyOf(states.entrySet());
        store = (HashKeyValueStore) HashKeyValueStore.supplier("conversation-state").get();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        for (int i = 0; i < conversations; i++) {
            Map.Entry<String, ConversationState> sample = samples.get(i % samples.size());
            String id = sample.getKey() + "-" + i;
            store.put(Bytes.wrap(id.getBytes(StandardCharsets.UTF_8)), ConversationStateSerde.encode(sample.getValue()));
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        store.close();
    }

    /** Nanoseconds per stored conversation: divide the score by {@code conversations}. */
    @Benchmark
    public long walkEveryValue() {
        long[] bytes = {0};
        store.forEachValue((slot, value) -> bytes[0] += value.length);
        return bytes[0];
    }
}
