package dev.rapport.benchmarks;

import dev.rapport.conversation.ConversationRules;
import dev.rapport.conversation.ConversationState;
import dev.rapport.conversation.ConversationStateSerde;
import dev.rapport.schema.MessageEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The conversation processor's per-event work without RocksDB: read the conversation's state
 * bytes, decode, apply the rules, encode, write back. A HashMap of bytes stands in for the store,
 * so the state sizes are those of the real stream; it is cleared when the sample wraps around.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ConversationUpdateBenchmark {
    private final ConversationRules rules = new ConversationRules();
    private final Serializer<ConversationState> serializer = new ConversationStateSerde().serializer();
    private final Deserializer<ConversationState> deserializer = new ConversationStateSerde().deserializer();
    private final Map<String, byte[]> store = new HashMap<>();
    private List<MessageEvent> events;
    private int next;

    @Setup
    public void setUp() {
        events = SampleTraffic.events();
    }

    @Benchmark
    public byte[] applyWithStateRoundTrip() {
        if (next == events.size()) {
            next = 0;
            store.clear();
        }
        MessageEvent event = events.get(next++);
        byte[] stored = store.get(event.getConversationId());
        ConversationState state = stored == null
                ? new ConversationState(event.getBrandId())
                : deserializer.deserialize(null, stored);
        rules.apply(state, event, SampleTraffic.POLICY);
        byte[] updated = serializer.serialize(null, state);
        store.put(event.getConversationId(), updated);
        return updated;
    }
}
