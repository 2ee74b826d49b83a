package dev.rapport.ingest;

import dev.rapport.schema.Direction;
import dev.rapport.schema.MessageEvent;
import dev.rapport.schema.Platform;
import dev.rapport.serde.ConfluentAvroSerde;
import dev.rapport.serde.ConfluentWireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Random and damaged input for the decoder: valid MessageEvent frames mutated the ways a broken
 * producer or a flipped bit would (bit flips, truncation, trailing bytes, corrupted length
 * prefixes, random schema ids), plus plain random bytes. Deterministic for a given seed.
 */
final class FrameFuzzer {
    static final String CONVERSATION = "conv-1";

    private final Random random;
    private final List<byte[]> validFrames = new ArrayList<>();
    private final List<int[]> lengthPrefixOffsets = new ArrayList<>();

    FrameFuzzer(long seed, ConfluentAvroSerde<MessageEvent> serde, String topic, Instant occurredAt) {
        this.random = new Random(seed);
        for (MessageEvent event : baseEvents(occurredAt)) {
            byte[] frame = serde.encode(topic, event);
            validFrames.add(frame);
            lengthPrefixOffsets.add(stringLengthOffsets(frame));
        }
    }

    /** The mutation that produced an input, for the figures a fuzz run reports. */
    enum Mutation {
        RANDOM_BYTES,
        BIT_FLIPS,
        TRUNCATION,
        EXTENSION,
        LENGTH_PREFIX,
        SCHEMA_ID,
        UNCHANGED
    }

    record Input(Mutation mutation, byte[] bytes) {}

    Input next() {
        Mutation mutation = Mutation.values()[random.nextInt(Mutation.values().length)];
        int base = random.nextInt(validFrames.size());
        byte[] frame = validFrames.get(base).clone();
        byte[] bytes = switch (mutation) {
            case RANDOM_BYTES -> randomBytes(random.nextInt(80));
            case BIT_FLIPS -> flipBits(frame, 1 + random.nextInt(8));
            case TRUNCATION -> Arrays.copyOf(frame, random.nextInt(frame.length));
            case EXTENSION -> concat(frame, randomBytes(1 + random.nextInt(16)));
            case LENGTH_PREFIX -> corruptLengthPrefix(frame, lengthPrefixOffsets.get(base));
            case SCHEMA_ID -> withSchemaId(frame, random.nextBoolean() ? random.nextInt() : random.nextInt(8));
            case UNCHANGED -> frame;
        };
        return new Input(mutation, bytes);
    }

    private static List<MessageEvent> baseEvents(Instant occurredAt) {
        return List.of(
                event("q-1", Direction.INBOUND, "alice", null, occurredAt),
                event("a-1", Direction.OUTBOUND, "AcmeSupport", "q-1", occurredAt.plusSeconds(60)),
                event("q-2-with-a-longer-id-" + "x".repeat(100), Direction.INBOUND, "bob", null, occurredAt));
    }

    private static MessageEvent event(String id, Direction direction, String author, String inReplyTo, Instant at) {
        return MessageEvent.newBuilder()
                .setEventId(id)
                .setPlatform(Platform.INSTAGRAM)
                .setBrandId("AcmeSupport")
                .setConversationId(CONVERSATION)
                .setDirection(direction)
                .setAuthorId(author)
                .setInReplyTo(inReplyTo)
                .setOccurredAt(at)
                .build();
    }

    /** Where the frame's string length prefixes are, found by walking the MessageEvent layout. */
    private static int[] stringLengthOffsets(byte[] frame) {
        BinaryDecoder in = DecoderFactory.get()
                .binaryDecoder(
                        frame, ConfluentWireFormat.HEADER_SIZE, frame.length - ConfluentWireFormat.HEADER_SIZE, null);
        List<Integer> offsets = new ArrayList<>();
        try {
            offsets.add(position(frame, in));
            in.skipString(); // eventId
            in.readEnum(); // platform
            offsets.add(position(frame, in));
            in.skipString(); // brandId
            offsets.add(position(frame, in));
            in.skipString(); // conversationId
            in.readEnum(); // direction
            offsets.add(position(frame, in));
            in.skipString(); // authorId
            if (in.readIndex() == 1) {
                offsets.add(position(frame, in));
                in.skipString(); // inReplyTo
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return offsets.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int position(byte[] frame, BinaryDecoder in) throws IOException {
        return frame.length - in.inputStream().available();
    }

    private byte[] corruptLengthPrefix(byte[] frame, int[] offsets) {
        int at = offsets[random.nextInt(offsets.length)];
        long length = switch (random.nextInt(4)) {
            case 0 -> Integer.MAX_VALUE - random.nextInt(16);
            case 1 -> -1 - random.nextInt(1_000);
            case 2 -> random.nextLong();
            default -> frame.length + random.nextInt(1 << 20);
        };
        byte[] varint = zigZagVarint(length);
        byte[] head = Arrays.copyOf(frame, at);
        byte[] tail = Arrays.copyOfRange(frame, Math.min(frame.length, at + 1), frame.length);
        return concat(concat(head, varint), tail);
    }

    private static byte[] zigZagVarint(long value) {
        long n = (value << 1) ^ (value >> 63);
        ByteBuffer out = ByteBuffer.allocate(10);
        while ((n & ~0x7FL) != 0) {
            out.put((byte) ((n & 0x7F) | 0x80));
            n >>>= 7;
        }
        out.put((byte) n);
        return Arrays.copyOf(out.array(), out.position());
    }

    private byte[] flipBits(byte[] frame, int flips) {
        for (int i = 0; i < flips; i++) {
            int bit = random.nextInt(frame.length * 8);
            frame[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        return frame;
    }

    private static byte[] withSchemaId(byte[] frame, int id) {
        ByteBuffer.wrap(frame, 1, 4).putInt(id);
        return frame;
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
