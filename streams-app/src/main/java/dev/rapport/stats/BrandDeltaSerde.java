package dev.rapport.stats;

import dev.rapport.schema.Platform;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary format of {@link BrandDelta} on the internal repartition topic. Internal topics are
 * drained within a commit, so only this application reads them; the leading format byte lets a
 * rolling upgrade tell an old record from a new one: format 1 had no wait counts, read as zero;
 * format 2 had no business-time latencies, read as none.
 */
public final class BrandDeltaSerde implements Serde<BrandDelta> {
    private static final byte FORMAT = 3;
    private static final byte FORMAT_WITHOUT_BUSINESS_TIME = 2;
    private static final byte FORMAT_WITHOUT_WAIT_COUNTS = 1;
    private static final Platform[] PLATFORMS = Platform.values();

    @Override
    public Serializer<BrandDelta> serializer() {
        return (topic, delta) -> delta == null ? null : encode(delta);
    }

    @Override
    public Deserializer<BrandDelta> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    static byte[] encode(BrandDelta delta) {
        int size = 1 + 1 + 1 + 4
                + 4 + 8 * delta.responseLatencies().length
                + 4 + 8 * delta.firstResponseLatencies().length
                + 4 + 4 * delta.depthLevelsReached().length
                + 4 + 4 + 4
                + 4 + 8 * delta.businessResponseLatencies().length;
        ByteBuffer out = ByteBuffer.allocate(size)
                .put(FORMAT)
                .put((byte) delta.platform().ordinal())
                .put((byte) ((delta.inbound() ? 1 : 0) | (delta.broadcast() ? 2 : 0) | (delta.message() ? 0 : 4)))
                .putInt(delta.negativeLatencies());
        putLongs(out, delta.responseLatencies());
        putLongs(out, delta.firstResponseLatencies());
        out.putInt(delta.depthLevelsReached().length);
        for (int level : delta.depthLevelsReached()) {
            out.putInt(level);
        }
        out.putInt(delta.waitsOpened()).putInt(delta.waitsAnswered()).putInt(delta.abandonedWaits());
        putLongs(out, delta.businessResponseLatencies());
        return out.array();
    }

    static BrandDelta decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte format = in.get();
        if (format != FORMAT && format != FORMAT_WITHOUT_BUSINESS_TIME && format != FORMAT_WITHOUT_WAIT_COUNTS) {
            throw new SerializationException("unknown BrandDelta format " + format);
        }
        Platform platform = PLATFORMS[in.get()];
        byte flags = in.get();
        int negative = in.getInt();
        long[] responses = getLongs(in);
        long[] firstResponses = getLongs(in);
        int[] levels = new int[in.getInt()];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = in.getInt();
        }
        boolean waitCounts = format != FORMAT_WITHOUT_WAIT_COUNTS;
        int waitsOpened = waitCounts ? in.getInt() : 0;
        int waitsAnswered = waitCounts ? in.getInt() : 0;
        int abandoned = waitCounts ? in.getInt() : 0;
        long[] business = format == FORMAT ? getLongs(in) : new long[0];
        return new BrandDelta(platform, (flags & 1) != 0, (flags & 2) != 0, responses, firstResponses, business, levels, negative,
                waitsOpened, waitsAnswered, (flags & 4) == 0, abandoned);
    }

    private static void putLongs(ByteBuffer out, long[] values) {
        out.putInt(values.length);
        for (long value : values) {
            out.putLong(value);
        }
    }

    private static long[] getLongs(ByteBuffer in) {
        long[] values = new long[in.getInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.getLong();
        }
        return values;
    }
}
