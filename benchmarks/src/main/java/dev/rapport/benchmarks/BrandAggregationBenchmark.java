package dev.rapport.benchmarks;

import dev.rapport.conversation.ConversationRules;
import dev.rapport.conversation.ConversationState;
import dev.rapport.schema.MessageEvent;
import dev.rapport.stats.BrandDelta;
import dev.rapport.stats.BrandWindowAccumulator;
import dev.rapport.stats.BrandWindowAccumulatorSerde;
import java.util.ArrayList;
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
 * The windowed aggregation's per-delta work without RocksDB: decode the brand window's
 * accumulator, add the delta, encode it again (what the window store costs per update when
 * the record cache does not absorb it). Deltas are the real output of the rules on zipf traffic.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BrandAggregationBenchmark {
    private final Serializer<BrandWindowAccumulator> serializer = new BrandWindowAccumulatorSerde().serializer();
    private final Deserializer<BrandWindowAccumulator> deserializer = new BrandWindowAccumulatorSerde().deserializer();
    private final Map<String, byte[]> windows = new HashMap<>();
    private final Map<String, BrandWindowAccumulator> cached = new HashMap<>();
    private final List<String> brands = new ArrayList<>();
    private final List<BrandDelta> deltas = new ArrayList<>();
    private int next;

    @Setup
    public void setUp() {
        ConversationRules rules = new ConversationRules();
        Map<String, ConversationState> states = new HashMap<>();
        for (MessageEvent event : SampleTraffic.events()) {
            ConversationState state = states.computeIfAbsent(event.getConversationId(), c -> new ConversationState(event.getBrandId()));
            deltas.add(rules.apply(state, event, SampleTraffic.POLICY).delta());
            brands.add(event.getBrandId());
        }
    }

    private int advance() {
        int i = next;
        next = (next + 1) % deltas.size();
        return i;
    }

    @Benchmark
    public byte[] addWithSerdeRoundTrip() {
        int i = advance();
        byte[] stored = windows.get(brands.get(i));
        BrandWindowAccumulator acc = stored == null ? new BrandWindowAccumulator() : deserializer.deserialize(null, stored);
        byte[] updated = serializer.serialize(null, acc.add(deltas.get(i)));
        windows.put(brands.get(i), updated);
        return updated;
    }

    @Benchmark
    public BrandWindowAccumulator addOnly() {
        int i = advance();
        return cached.computeIfAbsent(brands.get(i), b -> new BrandWindowAccumulator()).add(deltas.get(i));
    }
}
