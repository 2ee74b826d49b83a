package dev.rapport.stats;

import java.nio.ByteBuffer;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary format of {@link BrandWindowAccumulator} in the window store and its changelog. The
 * window store decodes and encodes the accumulator on every update, so the format is varints in
 * one buffer. Format 1 (fixed-width counts, sketches in DDSketch's encoding) is still read, so a
 * store and changelog written by the previous release restore.
 */
public final class BrandWindowAccumulatorSerde implements Serde<BrandWindowAccumulator> {
    private static final byte FORMAT_DDSKETCH = 1;
    private static final byte FORMAT = 2;

    @Override
    public Serializer<BrandWindowAccumulator> serializer() {
        return (topic, acc) -> acc == null ? null : encode(acc);
    }

    @Override
    public Deserializer<BrandWindowAccumulator> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    static byte[] encode(BrandWindowAccumulator acc) {
        ByteBuffer out = ByteBuffer.allocate(1 + 5 * VarInts.MAX_LONG_BYTES
                + acc.responses.maxEncodedSize() + acc.firstResponses.maxEncodedSize()
                + acc.depthReached.size() * (VarInts.MAX_INT_BYTES + VarInts.MAX_LONG_BYTES));
        out.put(FORMAT);
        VarInts.putLong(out, acc.inbound);
        VarInts.putLong(out, acc.outbound);
        VarInts.putLong(out, acc.broadcasts);
        VarInts.putLong(out, acc.negativeLatencies);
        acc.responses.writeTo(out);
        acc.firstResponses.writeTo(out);
        VarInts.putLong(out, acc.depthReached.size());
        acc.depthReached.forEach((level, count) -> {
            VarInts.putSignedInt(out, level);
            VarInts.putLong(out, count);
        });
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    static BrandWindowAccumulator decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte format = in.get();
        if (format == FORMAT_DDSKETCH) {
            return decodeFormat1(in);
        }
        if (format != FORMAT) {
            throw new SerializationException("unknown BrandWindowAccumulator format " + format);
        }
        try {
            long inbound = VarInts.getLong(in);
            long outbound = VarInts.getLong(in);
            long broadcasts = VarInts.getLong(in);
            long negative = VarInts.getLong(in);
            LatencySketch responses = LatencySketch.readFrom(in);
            LatencySketch firstResponses = LatencySketch.readFrom(in);
            TreeMap<Integer, Long> depth = new TreeMap<>();
            for (long i = VarInts.getLong(in); i > 0; i--) {
                depth.put(VarInts.getSignedInt(in), VarInts.getLong(in));
            }
            return accumulator(inbound, outbound, broadcasts, negative, responses, firstResponses, depth);
        } catch (RuntimeException e) {
            throw new SerializationException("corrupt BrandWindowAccumulator", e);
        }
    }

    private static BrandWindowAccumulator decodeFormat1(ByteBuffer in) {
        long inbound = in.getLong();
        long outbound = in.getLong();
        long broadcasts = in.getLong();
        long negative = in.getLong();
        LatencySketch responses = LatencySketch.fromDDSketchBytes(slice(in));
        LatencySketch firstResponses = LatencySketch.fromDDSketchBytes(slice(in));
        TreeMap<Integer, Long> depth = new TreeMap<>();
        for (int i = in.getInt(); i > 0; i--) {
            depth.put(in.getInt(), in.getLong());
        }
        return accumulator(inbound, outbound, broadcasts, negative, responses, firstResponses, depth);
    }

    private static BrandWindowAccumulator accumulator(long inbound, long outbound, long broadcasts, long negative,
                                                      LatencySketch responses, LatencySketch firstResponses,
                                                      TreeMap<Integer, Long> depth) {
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
