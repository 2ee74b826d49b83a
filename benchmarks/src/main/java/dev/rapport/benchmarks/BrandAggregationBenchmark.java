package dev.rapport.benchmarks;

import dev.rapport.conversation.ConversationRules;
import dev.rapport.conversation.ConversationState;
import dev.rapport.schema.MessageEvent;
import dev.rapport.stats.BrandDelta;
import dev.rapport.stats.BrandDeltaSumSerde;
import dev.rapport.stats.BrandDeltaSums;
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
 * Since the map-side combine the two halves are {@link #addToPendingSum} (per event, in the
 * conversation task) and {@link #mergeSumFromTopic} (per sum, in the brand task).
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
    /** Sums of {@link #DELTAS_PER_SUM} consecutive deltas, encoded as the repartition carries them (brands mixed: same cost). */
    private final List<byte[]> sums = new ArrayList<>();
    private final Deserializer<BrandWindowAccumulator> sumDeserializer = new BrandDeltaSumSerde().deserializer();
    private final BrandDeltaSums<Void> pending = new BrandDeltaSums<>(3_600_000, 1_000, (brand, start, sum, ts, context) -> { });
    private int next;
    private int nextSum;
    private static final int DELTAS_PER_SUM = 20;

    @Setup
    public void setUp() {
        ConversationRules rules = new ConversationRules();
        Map<String, ConversationState> states = new HashMap<>();
        for (MessageEvent event : SampleTraffic.events()) {
            ConversationState state = states.computeIfAbsent(event.getConversationId(), c -> new ConversationState(event.getBrandId()));
            deltas.add(rules.apply(state, event, SampleTraffic.POLICY).delta());
            brands.add(event.getBrandId());
        }
        Serializer<BrandWindowAccumulator> sumSerializer = new BrandDeltaSumSerde().serializer();
        for (int i = 0; i + DELTAS_PER_SUM <= deltas.size(); i += DELTAS_PER_SUM) {
            BrandWindowAccumulator sum = new BrandWindowAccumulator();
            deltas.subList(i, i + DELTAS_PER_SUM).forEach(sum::add);
            sums.add(sumSerializer.serialize(null, sum));
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

    /** Per event in the conversation task: add the delta to its brand's pending sum (drained every 1,000 events, as a commit would). */
    @Benchmark
    public int addToPendingSum() {
        int i = advance();
        pending.add(brands.get(i), 0, deltas.get(i), null);
        if (i % 1_000 == 0) {
            pending.drain();
        }
        return pending.size();
    }

    /** Per sum in the brand task: decode a sum of 20 deltas from the repartition and merge it into the live window. */
    @Benchmark
    public BrandWindowAccumulator mergeSumFromTopic() {
        int s = nextSum;
        nextSum = (nextSum + 1) % sums.size();
        return cached.computeIfAbsent(brands.get(s * DELTAS_PER_SUM), b -> new BrandWindowAccumulator())
                .merge(sumDeserializer.deserialize(null, sums.get(s)));
    }
}
