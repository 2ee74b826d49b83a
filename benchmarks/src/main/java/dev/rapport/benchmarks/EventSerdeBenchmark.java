package dev.rapport.benchmarks;

import dev.rapport.schema.MessageEvent;
import dev.rapport.serde.ConfluentAvroSerde;
import dev.rapport.registry.SchemaRegistries;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

/** Input records: Confluent-framed Avro encode and decode of a MessageEvent (decode includes the frame bounds walk). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EventSerdeBenchmark {
    private static final String TOPIC = "rapport.messages";
    private ConfluentAvroSerde<MessageEvent> serde;
    private List<MessageEvent> events;
    private byte[][] framed;
    private int next;

    @Setup
    public void setUp() {
        serde = ConfluentAvroSerde.of(SchemaRegistries.forUrl("mock://jmh-serde"), MessageEvent.class);
        events = SampleTraffic.events();
        framed = events.stream().map(e -> serde.encode(TOPIC, e)).toArray(byte[][]::new);
    }

    private int advance() {
        int i = next;
        next = (next + 1) % framed.length;
        return i;
    }

    @Benchmark
    public byte[] encode() {
        return serde.encode(TOPIC, events.get(advance()));
    }

    @Benchmark
    public MessageEvent decode() {
        return serde.decode(framed[advance()]);
    }
}
