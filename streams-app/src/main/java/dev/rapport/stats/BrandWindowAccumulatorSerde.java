package dev.rapport.stats;

import java.nio.ByteBuffer;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Binary format of {@link BrandWindowAccumulator} in the window store and its changelog. */
public final class BrandWindowAccumulatorSerde implements Serde<BrandWindowAccumulator> {
    private static final byte FORMAT = 1;

    @Override
    public Serializer<BrandWindowAccumulator> serializer() {
        return (topic, acc) -> acc == null ? null : encode(acc);
    }

    @Override
    public Deserializer<BrandWindowAccumulator> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    static byte[] encode(BrandWindowAccumulator acc) {
        byte[] responses = acc.responses.toBytes();
        byte[] firstResponses = acc.firstResponses.toBytes();
        ByteBuffer out = ByteBuffer.allocate(1 + 4 * 8 + 4 + responses.length + 4 + firstResponses.length
                        + 4 + 12 * acc.depthReached.size())
                .put(FORMAT)
                .putLong(acc.inbound)
                .putLong(acc.outbound)
                .putLong(acc.broadcasts)
                .putLong(acc.negativeLatencies)
                .putInt(responses.length).put(responses)
                .putInt(firstResponses.length).put(firstResponses)
                .putInt(acc.depthReached.size());
        acc.depthReached.forEach((level, count) -> out.putInt(level).putLong(count));
        return out.array();
    }

    static BrandWindowAccumulator decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte format = in.get();
        if (format != FORMAT) {
            throw new SerializationException("unknown BrandWindowAccumulator format " + format);
        }
        long inbound = in.getLong();
        long outbound = in.getLong();
        long broadcasts = in.getLong();
        long negative = in.getLong();
        LatencySketch responses = LatencySketch.fromBytes(slice(in));
        LatencySketch firstResponses = LatencySketch.fromBytes(slice(in));
        TreeMap<Integer, Long> depth = new TreeMap<>();
        for (int i = in.getInt(); i > 0; i--) {
            depth.put(in.getInt(), in.getLong());
        }
        BrandWindowAccumulator acc = new BrandWindowAccumulator(responses, firstResponses, depth);
        acc.inbound = inbound;
        acc.outbound = outbound;
        acc.broadcasts = broadcasts;
        acc.negativeLatencies = negative;
        return acc;
    }

    private static byte[] slice(ByteBuffer in) {
        byte[] bytes = new byte[in.getInt()];
        in.get(bytes);
        return bytes;
    }
}
