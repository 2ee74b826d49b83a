package dev.rapport.stats;

import dev.rapport.schema.Platform;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary format of {@link BrandWindowAccumulator} in the window store and its changelog. Format 2
 * appends the per-platform wait counts; format 1, written before they existed, reads as none.
 */
public final class BrandWindowAccumulatorSerde implements Serde<BrandWindowAccumulator> {
    private static final byte FORMAT = 2;
    private static final byte FORMAT_WITHOUT_WAIT_COUNTS = 1;
    private static final Platform[] PLATFORMS = Platform.values();

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
        ByteBuffer out = ByteBuffer.allocate(1 + 5 * 8 + 4 + responses.length + 4 + firstResponses.length
                        + 4 + 12 * acc.depthReached.size()
                        + 4 + 9 * acc.waitsOpened.size() + 4 + 9 * acc.waitsAnswered.size())
                .put(FORMAT)
                .putLong(acc.inbound)
                .putLong(acc.outbound)
                .putLong(acc.broadcasts)
                .putLong(acc.negativeLatencies)
                .putLong(acc.abandonedWaits)
                .putInt(responses.length).put(responses)
                .putInt(firstResponses.length).put(firstResponses)
                .putInt(acc.depthReached.size());
        acc.depthReached.forEach((level, count) -> out.putInt(level).putLong(count));
        putCounts(out, acc.waitsOpened);
        putCounts(out, acc.waitsAnswered);
        return out.array();
    }

    static BrandWindowAccumulator decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte format = in.get();
        if (format != FORMAT && format != FORMAT_WITHOUT_WAIT_COUNTS) {
            throw new SerializationException("unknown BrandWindowAccumulator format " + format);
        }
        long inbound = in.getLong();
        long outbound = in.getLong();
        long broadcasts = in.getLong();
        long negative = in.getLong();
        // Format 2 is the first with abandoned waits; it has not shipped in a release without them.
        long abandoned = format == FORMAT ? in.getLong() : 0;
        LatencySketch responses = LatencySketch.fromBytes(slice(in));
        LatencySketch firstResponses = LatencySketch.fromBytes(slice(in));
        TreeMap<Integer, Long> depth = new TreeMap<>();
        for (int i = in.getInt(); i > 0; i--) {
            depth.put(in.getInt(), in.getLong());
        }
        EnumMap<Platform, Long> waitsOpened = format == FORMAT ? getCounts(in) : new EnumMap<>(Platform.class);
        EnumMap<Platform, Long> waitsAnswered = format == FORMAT ? getCounts(in) : new EnumMap<>(Platform.class);
        BrandWindowAccumulator acc = new BrandWindowAccumulator(responses, firstResponses, depth, waitsOpened, waitsAnswered);
        acc.inbound = inbound;
        acc.outbound = outbound;
        acc.broadcasts = broadcasts;
        acc.negativeLatencies = negative;
        acc.abandonedWaits = abandoned;
        return acc;
    }

    private static void putCounts(ByteBuffer out, EnumMap<Platform, Long> counts) {
        out.putInt(counts.size());
        counts.forEach((platform, count) -> out.put((byte) platform.ordinal()).putLong(count));
    }

    private static EnumMap<Platform, Long> getCounts(ByteBuffer in) {
        EnumMap<Platform, Long> counts = new EnumMap<>(Platform.class);
        for (int i = in.getInt(); i > 0; i--) {
            counts.put(PLATFORMS[in.get()], in.getLong());
        }
        return counts;
    }

    private static byte[] slice(ByteBuffer in) {
        byte[] bytes = new byte[in.getInt()];
        in.get(bytes);
        return bytes;
    }
}
