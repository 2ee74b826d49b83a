package dev.rapport.stats;

import dev.rapport.schema.Platform;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary format of {@link BrandWindowAccumulator} in the {@code brand-window-stats} store and its
 * changelog, and inside the {@code brand-deltas} records ({@link BrandDeltaSumSerde}). Counts are
 * varints, as most of them are small, so the store, its changelog and the repartition stay small.
 *
 * <p>One format is written and read. Its leading format byte is what lets a later release change
 * the layout: that release writes a new format byte and keeps a reader for this one, because a
 * store and changelog written by this release must restore after an upgrade.
 * {@code BrandWindowAccumulatorSerdeTest} holds the bytes of a sample accumulator, so a change to
 * the layout (the latency sketches' included) shows as a failing test.
 *
 * <p>Layout, all counts varints: format byte; inbound, outbound, broadcasts, negative latencies,
 * abandoned waits; the response and first-response sketches; depth levels reached (count, then
 * zig-zag level and count each); waits opened and waits answered by platform (count, then
 * platform code and count each); the business-time sketch; answered in time, unanswered, answered
 * within SLA, broadcasts engaged, answered on another platform; responders (count, then UTF-8
 * author with its length, and count each); per-platform stats (count, then platform code, inbound,
 * outbound, answered in time, unanswered, answered within SLA and the response sketch each).
 * Platforms are stored by {@link PlatformCodes}, not by ordinal. A latency sketch is the length of
 * its body (0 when it holds no samples), then the body: the exact maximum, and DDSketch's own
 * encoding of the sketch without its index mapping ({@link LatencySketch}).
 */
public final class BrandWindowAccumulatorSerde implements Serde<BrandWindowAccumulator> {
    private static final byte FORMAT = 1;
    /**
     * The buffer each thread encodes into, kept between calls and grown to the largest bound seen.
     * The bound allows every sketch bin its widest encoding, tens of kilobytes for a busy window,
     * while the bytes written are a fraction of that; a buffer of its own per encode made these
     * bounds a large share of all the bytes the stream threads allocate at each commit.
     */
    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocate(256));

    @Override
    public Serializer<BrandWindowAccumulator> serializer() {
        return (topic, acc) -> acc == null ? null : encode(acc);
    }

    @Override
    public Deserializer<BrandWindowAccumulator> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    static byte[] encode(BrandWindowAccumulator acc) {
        return encode(acc, 0);
    }

    /** The encoding of {@code acc}, after {@code leading} bytes left free for the caller's own header. */
    static byte[] encode(BrandWindowAccumulator acc, int leading) {
        ByteBuffer out = scratch(1
                + 6 * VarInts.MAX_LONG_BYTES
                + acc.responses.maxEncodedSize()
                + acc.firstResponses.maxEncodedSize()
                + acc.businessResponses.maxEncodedSize()
                + acc.depthReached.size() * (VarInts.MAX_INT_BYTES + VarInts.MAX_LONG_BYTES)
                + 2 * VarInts.MAX_LONG_BYTES
                + (acc.waitsOpened.size() + acc.waitsAnswered.size()) * (1 + VarInts.MAX_LONG_BYTES)
                + 7 * VarInts.MAX_LONG_BYTES
                + respondersSize(acc)
                + acc.platforms.values().stream()
                        .mapToInt(p -> 1 + 5 * VarInts.MAX_LONG_BYTES + p.responses.maxEncodedSize())
                        .sum());
        out.put(FORMAT);
        VarInts.putLong(out, acc.inbound);
        VarInts.putLong(out, acc.outbound);
        VarInts.putLong(out, acc.broadcasts);
        VarInts.putLong(out, acc.negativeLatencies);
        VarInts.putLong(out, acc.abandonedWaits);
        acc.responses.writeTo(out);
        acc.firstResponses.writeTo(out);
        VarInts.putLong(out, acc.depthReached.size());
        acc.depthReached.forEach((level, count) -> {
            VarInts.putSignedInt(out, level);
            VarInts.putLong(out, count);
        });
        putCounts(out, acc.waitsOpened);
        putCounts(out, acc.waitsAnswered);
        acc.businessResponses.writeTo(out);
        VarInts.putLong(out, acc.answeredInTime);
        VarInts.putLong(out, acc.unanswered);
        VarInts.putLong(out, acc.answeredWithinSla);
        VarInts.putLong(out, acc.broadcastsEngaged);
        VarInts.putLong(out, acc.answeredOnOtherPlatform);
        VarInts.putLong(out, acc.responders.size());
        acc.responders.forEach((author, count) -> {
            byte[] utf8 = author.getBytes(StandardCharsets.UTF_8);
            VarInts.putLong(out, utf8.length);
            out.put(utf8);
            VarInts.putLong(out, count);
        });
        VarInts.putLong(out, acc.platforms.size());
        acc.platforms.forEach((platform, p) -> {
            out.put(PlatformCodes.code(platform));
            VarInts.putLong(out, p.inbound);
            VarInts.putLong(out, p.outbound);
            VarInts.putLong(out, p.answeredInTime);
            VarInts.putLong(out, p.unanswered);
            VarInts.putLong(out, p.answeredWithinSla);
            p.responses.writeTo(out);
        });
        byte[] bytes = new byte[leading + out.position()];
        System.arraycopy(out.array(), 0, bytes, leading, out.position());
        return bytes;
    }

    private static ByteBuffer scratch(int bound) {
        ByteBuffer buffer = SCRATCH.get();
        if (buffer.capacity() < bound) {
            buffer = ByteBuffer.allocate(bound);
            SCRATCH.set(buffer);
        }
        return buffer.clear();
    }

    static BrandWindowAccumulator decode(byte[] bytes) {
        return decode(bytes, 0);
    }

    /** Decodes the accumulator that starts at {@code offset} and fills the rest of {@code bytes}. */
    static BrandWindowAccumulator decode(byte[] bytes, int offset) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
            byte format = in.get();
            if (format != FORMAT) {
                throw new SerializationException("unknown BrandWindowAccumulator format " + format);
            }
            long inbound = VarInts.getLong(in);
            long outbound = VarInts.getLong(in);
            long broadcasts = VarInts.getLong(in);
            long negative = VarInts.getLong(in);
            long abandoned = VarInts.getLong(in);
            LatencySketch responses = LatencySketch.readFrom(in);
            LatencySketch firstResponses = LatencySketch.readFrom(in);
            DepthCounts depth = new DepthCounts();
            for (long i = VarInts.getLong(in); i > 0; i--) {
                depth.add(VarInts.getSignedInt(in), VarInts.getLong(in));
            }
            EnumMap<Platform, Long> opened = getCounts(in);
            EnumMap<Platform, Long> answered = getCounts(in);
            LatencySketch business = LatencySketch.readFrom(in);
            HashMap<String, Long> responders = new HashMap<>();
            EnumMap<Platform, PlatformAccumulator> platforms = new EnumMap<>(Platform.class);
            BrandWindowAccumulator acc = new BrandWindowAccumulator(
                    responses, firstResponses, business, depth, opened, answered, responders, platforms);
            acc.answeredInTime = VarInts.getLong(in);
            acc.unanswered = VarInts.getLong(in);
            acc.answeredWithinSla = VarInts.getLong(in);
            acc.broadcastsEngaged = VarInts.getLong(in);
            acc.answeredOnOtherPlatform = VarInts.getLong(in);
            for (long i = VarInts.getLong(in); i > 0; i--) {
                byte[] utf8 = new byte[Math.toIntExact(VarInts.getLong(in))];
                in.get(utf8);
                responders.put(new String(utf8, StandardCharsets.UTF_8), VarInts.getLong(in));
            }
            for (long i = VarInts.getLong(in); i > 0; i--) {
                Platform platform = PlatformCodes.platform(in.get());
                long platformInbound = VarInts.getLong(in);
                long platformOutbound = VarInts.getLong(in);
                long inTime = VarInts.getLong(in);
                long unanswered = VarInts.getLong(in);
                long withinSla = VarInts.getLong(in);
                PlatformAccumulator p = new PlatformAccumulator(LatencySketch.readFrom(in));
                p.inbound = platformInbound;
                p.outbound = platformOutbound;
                p.answeredInTime = inTime;
                p.unanswered = unanswered;
                p.answeredWithinSla = withinSla;
                platforms.put(platform, p);
            }
            return counts(acc, inbound, outbound, broadcasts, negative, abandoned);
        } catch (SerializationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SerializationException("corrupt BrandWindowAccumulator", e);
        }
    }

    private static BrandWindowAccumulator counts(
            BrandWindowAccumulator acc, long inbound, long outbound, long broadcasts, long negative, long abandoned) {
        acc.inbound = inbound;
        acc.outbound = outbound;
        acc.broadcasts = broadcasts;
        acc.negativeLatencies = negative;
        acc.abandonedWaits = abandoned;
        return acc;
    }

    private static int respondersSize(BrandWindowAccumulator acc) {
        int size = 0;
        for (String author : acc.responders.keySet()) {
            // UTF-8 takes at most three bytes per UTF-16 unit.
            size += 3 * author.length() + 2 * VarInts.MAX_LONG_BYTES;
        }
        return size;
    }

    private static void putCounts(ByteBuffer out, EnumMap<Platform, Long> counts) {
        VarInts.putLong(out, counts.size());
        counts.forEach((platform, count) -> {
            out.put(PlatformCodes.code(platform));
            VarInts.putLong(out, count);
        });
    }

    private static EnumMap<Platform, Long> getCounts(ByteBuffer in) {
        EnumMap<Platform, Long> counts = new EnumMap<>(Platform.class);
        for (long i = VarInts.getLong(in); i > 0; i--) {
            counts.put(PlatformCodes.platform(in.get()), VarInts.getLong(in));
        }
        return counts;
    }
}
