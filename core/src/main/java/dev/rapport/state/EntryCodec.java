package dev.rapport.state;

import java.util.Arrays;

/**
 * One stored entry as bytes: the key as it is, then the value with the byte runs it repeats
 * replaced by references back to an earlier copy, in the value or in the key. A conversation
 * names the same ids again and again (the id of the event that opened a wait is also a key of
 * the events seen, the customer who waits is an author of one of them, and an opening event's id
 * is often the conversation's), so this takes about a third off a conversation's bytes on the
 * heap without changing its serialized form, which the changelog and every reader keep.
 *
 * <p>Layout: key length times two plus a released bit (varint), key, value length (varint), then
 * tokens: a byte below 0x80 is a run of that many plus one literal bytes, which follow; a byte
 * from 0x80 is a copy of its low seven bits plus {@link #MIN_MATCH} bytes from a distance
 * (varint) back in key and value taken as one sequence. Copies may overlap what they write, as in
 * LZ77. An entry knows its own end ({@link #length}), so entries can lie back to back in one array
 * ({@link EntryPages}); the readers take the array and where the entry starts in it.
 *
 * <p>The released bit is the one thing written after an entry is appended ({@link #markReleased}):
 * the store sets it when a newer value or a delete makes the entry garbage, so a compaction
 * passes dead entries without looking their keys up in the table, a cache miss each. Readers on
 * other threads may still be reading such an entry; the bit does not change any length they read.
 *
 * <p>Not thread-safe: an encoder keeps its scratch arrays; decoding is static and may run on any
 * thread.
 */
final class EntryCodec {
    static final int MIN_MATCH = 4;
    private static final int MAX_MATCH = 0x7F + MIN_MATCH;
    private static final int MAX_LITERALS = 0x80;
    private static final int HASH_BITS = 9;

    /** Key and value as one sequence. */
    private byte[] input = new byte[256];
    /**
     * The last position of each hash of four bytes, plus {@link #base} plus one: a value at or
     * below the base is from an earlier entry, so the table is not cleared for each entry.
     */
    private final int[] lastAt = new int[1 << HASH_BITS];

    private int base;

    private byte[] output = new byte[256];

    /** Encodes into {@link #encoded()}, overwriting the previous entry; returns its length. */
    int encode(byte[] key, byte[] value) {
        int keyLength = key.length;
        int total = keyLength + value.length;
        if (input.length < total) {
            input = new byte[Math.max(total, input.length * 2)];
        }
        System.arraycopy(key, 0, input, 0, keyLength);
        System.arraycopy(value, 0, input, keyLength, value.length);
        // Worst case: every byte a literal, one run byte per 128 of them, and the two lengths.
        int bound = total + total / MAX_LITERALS + 12;
        if (output.length < bound) {
            output = new byte[Math.max(bound, output.length * 2)];
        }
        if (base > Integer.MAX_VALUE - total - 1) {
            Arrays.fill(lastAt, 0);
            base = 0;
        }
        int out = putVarint(output, 0, keyLength << 1);
        System.arraycopy(key, 0, output, out, keyLength);
        out += keyLength;
        out = putVarint(output, out, value.length);
        for (int i = 0; i + MIN_MATCH <= keyLength; i++) {
            lastAt[hash(input, i)] = base + i + 1;
        }
        int literalsFrom = keyLength;
        int at = keyLength;
        while (at + MIN_MATCH <= total) {
            int h = hash(input, at);
            int candidate = lastAt[h] - base - 1;
            lastAt[h] = base + at + 1;
            int length = 0;
            if (candidate >= 0) {
                int limit = Math.min(MAX_MATCH, total - at);
                while (length < limit && input[candidate + length] == input[at + length]) {
                    length++;
                }
            }
            if (length < MIN_MATCH) {
                at++;
                continue;
            }
            out = putLiterals(literalsFrom, at, out);
            output[out++] = (byte) (0x80 | (length - MIN_MATCH));
            out = putVarint(output, out, at - candidate);
            int end = at + length;
            for (at++; at < end && at + MIN_MATCH <= total; at++) {
                lastAt[hash(input, at)] = base + at + 1;
            }
            at = end;
            literalsFrom = end;
        }
        base += total + 1;
        return putLiterals(literalsFrom, total, out);
    }

    /** The last entry encoded, at the start of this array (which the next encode reuses). */
    byte[] encoded() {
        return output;
    }

    private int putLiterals(int from, int to, int out) {
        while (from < to) {
            int run = Math.min(MAX_LITERALS, to - from);
            output[out++] = (byte) (run - 1);
            System.arraycopy(input, from, output, out, run);
            out += run;
            from += run;
        }
        return out;
    }

    private static int hash(byte[] bytes, int at) {
        int word = (bytes[at] & 0xFF)
                | (bytes[at + 1] & 0xFF) << 8
                | (bytes[at + 2] & 0xFF) << 16
                | (bytes[at + 3] & 0xFF) << 24;
        return (word * 0x9E3779B1) >>> (32 - HASH_BITS);
    }

    /**
     * Marks the entry at {@code at} dead. Only its first byte changes, and only in the bit that
     * carries no length, so a reader still reading the entry reads the same bytes where it matters.
     */
    static void markReleased(byte[] bytes, int at) {
        bytes[at] |= 1;
    }

    /** Whether the entry at {@code at} was marked dead ({@link #markReleased}). */
    static boolean released(byte[] bytes, int at) {
        return (bytes[at] & 1) != 0;
    }

    private static int keyLength(byte[] bytes, int at) {
        return getVarint(bytes, at) >>> 1;
    }

    /** Whether the entry at {@code at} has the key {@code key}. */
    static boolean hasKey(byte[] bytes, int at, byte[] key) {
        int length = keyLength(bytes, at);
        int from = at + varintLength(bytes, at);
        return length == key.length && Arrays.equals(bytes, from, from + length, key, 0, length);
    }

    static byte[] key(byte[] bytes, int at) {
        int from = at + varintLength(bytes, at);
        return Arrays.copyOfRange(bytes, from, from + keyLength(bytes, at));
    }

    /** {@code Arrays.hashCode} of the entry's key, which is {@code Bytes.hashCode} of it. */
    static int keyHash(byte[] bytes, int at) {
        int from = at + varintLength(bytes, at);
        int end = from + keyLength(bytes, at);
        int hash = 1;
        for (int i = from; i < end; i++) {
            hash = 31 * hash + bytes[i];
        }
        return hash;
    }

    /** The bytes the entry at {@code at} takes, read from its tokens. */
    static int length(byte[] bytes, int at) {
        int keyFrom = at + varintLength(bytes, at);
        int i = keyFrom + keyLength(bytes, at);
        int valueLength = getVarint(bytes, i);
        i += varintLength(bytes, i);
        int produced = 0;
        while (produced < valueLength) {
            int token = bytes[i++] & 0xFF;
            if (token < 0x80) {
                produced += token + 1;
                i += token + 1;
            } else {
                produced += (token & 0x7F) + MIN_MATCH;
                i += varintLength(bytes, i);
            }
        }
        return i - at;
    }

    static byte[] value(byte[] bytes, int at) {
        int keyFrom = at + varintLength(bytes, at);
        int keyLength = keyLength(bytes, at);
        int i = keyFrom + keyLength;
        int valueLength = getVarint(bytes, i);
        i += varintLength(bytes, i);
        byte[] value = new byte[valueLength];
        int written = 0;
        while (written < valueLength) {
            int token = bytes[i++] & 0xFF;
            if (token < 0x80) {
                int run = token + 1;
                System.arraycopy(bytes, i, value, written, run);
                i += run;
                written += run;
            } else {
                int length = (token & 0x7F) + MIN_MATCH;
                int distance = getVarint(bytes, i);
                i += varintLength(bytes, i);
                // Positions count the key first: below keyLength a copy reads the key.
                int from = keyLength + written - distance;
                if (from < keyLength) {
                    int fromKey = Math.min(length, keyLength - from);
                    System.arraycopy(bytes, keyFrom + from, value, written, fromKey);
                    written += fromKey;
                    length -= fromKey;
                }
                written = copyWithin(value, written, distance, length);
            }
        }
        return value;
    }

    /**
     * Copies {@code length} bytes from {@code distance} back to {@code written}; returns the new
     * end. A copy shorter than its distance is one block; a longer one overlaps what it writes
     * (a run repeating itself), which only a byte at a time reproduces.
     */
    private static int copyWithin(byte[] value, int written, int distance, int length) {
        if (length == 0) {
            // A copy that lay wholly in the key.
            return written;
        }
        if (length <= distance) {
            System.arraycopy(value, written - distance, value, written, length);
            return written + length;
        }
        for (int i = 0; i < length; i++, written++) {
            value[written] = value[written - distance];
        }
        return written;
    }

    private static int putVarint(byte[] out, int at, int value) {
        while ((value & ~0x7F) != 0) {
            out[at++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[at++] = (byte) value;
        return at;
    }

    private static int getVarint(byte[] in, int at) {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in[at++];
            value |= (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    private static int varintLength(byte[] in, int at) {
        int length = 1;
        while (in[at++] < 0) {
            length++;
        }
        return length;
    }
}
