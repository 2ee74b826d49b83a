package dev.rapport.conversation;

import dev.rapport.conversation.ConversationState.SeenEvent;
import dev.rapport.conversation.ConversationState.Wait;
import dev.rapport.policy.Policy;
import dev.rapport.policy.SlaTerms;
import dev.rapport.schema.Direction;
import dev.rapport.schema.Platform;
import dev.rapport.stats.VarInts;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact binary format of {@link ConversationState} for the state store and its changelog. A
 * leading format byte lets a later release read state written by this one.
 *
 * <p>Format 2 (written): varint lengths and counts in one heap buffer. The state is decoded and
 * encoded for every event, and format 1's DataOutputStream (a synchronized call per byte) was
 * the processor's largest own cost; the varints also make the state about a fifth smaller.
 * Format 1 (modified-UTF-8 strings, fixed-width numbers) is still read, so state and changelogs
 * written by the previous release restore. A wait's alert flags share one byte (bit 0 breach
 * reported, bit 1 warning reported, bit 2 business-time SLA); format 1 wrote the breach as a
 * boolean, which reads the same.
 *
 * <p>Format 3 adds each wait's SLA terms (SLA, warning, and both deadlines as offsets from the
 * wait's start), so a wait keeps the policy it opened under. Waits of formats 1 and 2 were opened
 * under the one configured SLA: they read with the terms of the default policy given here.
 *
 * <p>Format 4 adds each wait's response horizon (its length and deadline offset) and a flag for a
 * wait decided unanswered (bit 3), and marks a broadcast no customer has replied to yet (bit 1 of
 * the event's direction byte). Waits of earlier formats take the default policy's horizon, at
 * least their own SLA; their broadcasts read as replied to, so none is counted as engaged.
 */
public final class ConversationStateSerde implements Serde<ConversationState> {
    private static final byte FORMAT_DATA_STREAM = 1;
    private static final byte FORMAT_WITHOUT_TERMS = 2;
    private static final byte FORMAT_WITHOUT_HORIZON = 3;
    private static final byte FORMAT = 4;
    private static final Direction[] DIRECTIONS = Direction.values();
    private static final Platform[] PLATFORMS = Platform.values();
    private static final int BREACH_REPORTED = 1;
    private static final int WARNING_REPORTED = 2;
    private static final int BUSINESS_TIME = 4;
    private static final int HORIZON_PASSED = 8;
    private static final int DIRECTION_BIT = 1;
    private static final int AWAITING_REPLY = 2;

    private final Policy legacyPolicy;

    /** @param legacyPolicy the SLA of waits stored before waits kept their own terms */
    public ConversationStateSerde(Policy legacyPolicy) {
        this.legacyPolicy = legacyPolicy;
    }

    @Override
    public Serializer<ConversationState> serializer() {
        return (topic, state) -> state == null ? null : encode(state);
    }

    @Override
    public Deserializer<ConversationState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes, legacyPolicy);
    }

    public static byte[] encode(ConversationState state) {
        StateWriter out = new StateWriter(64 + 48 * state.events.size() + 96 * state.openWaits.size()
                + 16 * state.customersAnswered.size());
        out.buffer.put(FORMAT);
        out.string(state.brandId);
        out.varint(state.maxTurn);
        out.buffer.putLong(state.lastEventAt);
        out.varint(state.events.size());
        for (Map.Entry<String, SeenEvent> e : state.events.entrySet()) {
            out.string(e.getKey());
            out.varint(e.getValue().turn());
            out.buffer.put((byte) (e.getValue().direction().ordinal() | (e.getValue().awaitingReply() ? AWAITING_REPLY : 0)));
            out.string(e.getValue().authorId());
        }
        out.varint(state.openWaits.size());
        for (Map.Entry<String, Wait> w : state.openWaits.entrySet()) {
            Wait wait = w.getValue();
            SlaTerms terms = wait.terms();
            out.string(w.getKey());
            out.buffer.putLong(wait.startedAt());
            out.string(wait.eventId());
            out.buffer.put((byte) wait.platform().ordinal());
            out.buffer.put((byte) ((wait.breachReported() ? BREACH_REPORTED : 0)
                    | (wait.warningReported() ? WARNING_REPORTED : 0) | (terms.businessTime() ? BUSINESS_TIME : 0)
                    | (wait.horizonPassed() ? HORIZON_PASSED : 0)));
            out.varlong(terms.slaMs());
            out.varlong(terms.warningMs());
            out.varlong(terms.warningAt() - wait.startedAt());
            out.varlong(terms.deadlineAt() - wait.startedAt());
            out.varlong(terms.horizonMs());
            out.varlong(terms.horizonAt() - wait.startedAt());
        }
        out.varint(state.customersAnswered.size());
        for (String customer : state.customersAnswered) {
            out.string(customer);
        }
        return out.bytes();
    }

    static ConversationState decode(byte[] bytes, Policy legacyPolicy) {
        if (bytes.length > 0 && bytes[0] == FORMAT_DATA_STREAM) {
            return decodeFormat1(bytes, legacyPolicy);
        }
        try {
            StateReader in = new StateReader(bytes);
            byte format = in.buffer.get();
            if (format != FORMAT && format != FORMAT_WITHOUT_HORIZON && format != FORMAT_WITHOUT_TERMS) {
                throw new SerializationException("unknown ConversationState format " + format);
            }
            String brandId = in.string();
            int maxTurn = in.varint();
            long lastEventAt = in.buffer.getLong();
            Map<String, SeenEvent> events = new LinkedHashMap<>();
            for (int i = in.varint(); i > 0; i--) {
                String eventId = in.string();
                int turn = in.varint();
                int direction = in.buffer.get();
                events.put(eventId, new SeenEvent(turn, DIRECTIONS[direction & DIRECTION_BIT], in.string(),
                        format == FORMAT && (direction & AWAITING_REPLY) != 0));
            }
            Map<String, Wait> waits = new LinkedHashMap<>();
            for (int i = in.varint(); i > 0; i--) {
                String customer = in.string();
                long startedAt = in.buffer.getLong();
                String eventId = in.string();
                Platform platform = PLATFORMS[in.buffer.get()];
                int flags = in.buffer.get();
                SlaTerms terms = format == FORMAT_WITHOUT_TERMS ? legacyPolicy.termsFor(startedAt)
                        : terms(in, format, startedAt, (flags & BUSINESS_TIME) != 0, legacyPolicy);
                waits.put(customer, wait(startedAt, eventId, platform, flags, terms));
            }
            Set<String> answered = new LinkedHashSet<>();
            for (int i = in.varint(); i > 0; i--) {
                answered.add(in.string());
            }
            return new ConversationState(brandId, maxTurn, lastEventAt, events, waits, answered);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new SerializationException("corrupt ConversationState", e);
        }
    }

    private static SlaTerms terms(StateReader in, byte format, long startedAt, boolean businessTime, Policy legacyPolicy) {
        long slaMs = in.varlong();
        long warningMs = in.varlong();
        long warningAt = startedAt + in.varlong();
        long deadlineAt = startedAt + in.varlong();
        if (format == FORMAT) {
            long horizonMs = in.varlong();
            return new SlaTerms(slaMs, warningMs, horizonMs, warningAt, deadlineAt, startedAt + in.varlong(), businessTime);
        }
        SlaTerms current = legacyPolicy.termsFor(startedAt);
        return new SlaTerms(slaMs, warningMs, Math.max(slaMs, current.horizonMs()), warningAt, deadlineAt,
                Math.max(deadlineAt, current.horizonAt()), businessTime);
    }

    private static ConversationState decodeFormat1(byte[] bytes, Policy legacyPolicy) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            in.readByte();
            String brandId = in.readUTF();
            int maxTurn = in.readInt();
            long lastEventAt = in.readLong();
            Map<String, SeenEvent> events = new LinkedHashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                events.put(in.readUTF(), new SeenEvent(in.readInt(), DIRECTIONS[in.readByte()], in.readUTF(), false));
            }
            Map<String, Wait> waits = new LinkedHashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                String customer = in.readUTF();
                long startedAt = in.readLong();
                waits.put(customer, wait(startedAt, in.readUTF(), PLATFORMS[in.readByte()], in.readByte(),
                        legacyPolicy.termsFor(startedAt)));
            }
            Set<String> answered = new LinkedHashSet<>();
            for (int i = in.readInt(); i > 0; i--) {
                answered.add(in.readUTF());
            }
            return new ConversationState(brandId, maxTurn, lastEventAt, events, waits, answered);
        } catch (IOException e) {
            throw new SerializationException("corrupt ConversationState", e);
        }
    }

    private static Wait wait(long startedAt, String eventId, Platform platform, int flags, SlaTerms terms) {
        return new Wait(startedAt, eventId, platform, (flags & BREACH_REPORTED) != 0, (flags & WARNING_REPORTED) != 0,
                (flags & HORIZON_PASSED) != 0, terms);
    }

    /** A growing heap buffer with UTF-8 strings and unsigned varints. */
    private static final class StateWriter {
        private ByteBuffer buffer;

        StateWriter(int initialCapacity) {
            buffer = ByteBuffer.allocate(initialCapacity);
        }

        void string(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            varint(utf8.length);
            ensure(utf8.length);
            buffer.put(utf8);
        }

        void varint(int value) {
            ensure(5);
            while ((value & ~0x7F) != 0) {
                buffer.put((byte) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            buffer.put((byte) value);
        }

        void varlong(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("negative value " + value + " in an unsigned varint");
            }
            ensure(VarInts.MAX_LONG_BYTES);
            VarInts.putLong(buffer, value);
        }

        private void ensure(int bytes) {
            // Fixed-width writes go straight to the buffer; the slack covers them.
            if (buffer.remaining() < bytes + 16) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes + 16));
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
        }

        byte[] bytes() {
            byte[] bytes = new byte[buffer.position()];
            System.arraycopy(buffer.array(), 0, bytes, 0, bytes.length);
            return bytes;
        }
    }

    private static final class StateReader {
        private final ByteBuffer buffer;

        StateReader(byte[] bytes) {
            buffer = ByteBuffer.wrap(bytes);
        }

        String string() {
            int length = varint();
            if (length > buffer.remaining()) {
                throw new IllegalArgumentException("string of " + length + " bytes in " + buffer.remaining());
            }
            String value = new String(buffer.array(), buffer.position(), length, StandardCharsets.UTF_8);
            buffer.position(buffer.position() + length);
            return value;
        }

        int varint() {
            int value = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                byte b = buffer.get();
                value |= (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("varint longer than 5 bytes");
        }

        long varlong() {
            return VarInts.getLong(buffer);
        }
    }
}
