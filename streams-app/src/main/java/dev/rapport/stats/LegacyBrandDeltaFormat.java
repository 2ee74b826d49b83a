package dev.rapport.stats;

import dev.rapport.schema.Platform;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The {@code brand-deltas} records of releases before the map-side combine: one {@link BrandDelta}
 * per record. Read only, so that records the previous release left in the topic are counted after
 * an upgrade ({@link BrandDeltaSumSerde}). The leading format byte: format 1 had no wait counts,
 * read as zero; format 2 had no business-time latencies, read as none; format 3 was the last.
 */
final class LegacyBrandDeltaFormat {
    private static final byte FORMAT = 3;
    private static final byte FORMAT_WITHOUT_BUSINESS_TIME = 2;
    private static final byte FORMAT_WITHOUT_WAIT_COUNTS = 1;
    private static final Platform[] PLATFORMS = Platform.values();

    private LegacyBrandDeltaFormat() {}

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
                waitsOpened, waitsAnswered, (flags & 4) == 0, abandoned, List.of(), false, null);
    }

    private static long[] getLongs(ByteBuffer in) {
        long[] values = new long[in.getInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.getLong();
        }
        return values;
    }
}
