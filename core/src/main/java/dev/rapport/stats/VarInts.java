package dev.rapport.stats;

import java.nio.ByteBuffer;

/** Unsigned LEB128 varints (7 bits a byte, high bit = more follows), zig-zag for signed ints. */
public final class VarInts {
    public static final int MAX_LONG_BYTES = 10;
    static final int MAX_INT_BYTES = 5;

    private VarInts() {}

    public static void putLong(ByteBuffer out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.put((byte) value);
    }

    public static long getLong(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    static void putSignedInt(ByteBuffer out, int value) {
        putLong(out, Integer.toUnsignedLong((value << 1) ^ (value >> 31)));
    }

    static int getSignedInt(ByteBuffer in) {
        int zigzag = (int) getLong(in);
        return (zigzag >>> 1) ^ -(zigzag & 1);
    }
}
