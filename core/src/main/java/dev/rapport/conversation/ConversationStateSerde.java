package dev.rapport.conversation;

import dev.rapport.conversation.ConversationState.SeenEvent;
import dev.rapport.conversation.ConversationState.Wait;
import dev.rapport.policy.SlaTerms;
import dev.rapport.schema.Platform;
import dev.rapport.stats.PlatformCodes;
import dev.rapport.stats.VarInts;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary format of {@link ConversationState} in the state store and its changelog. The state is
 * decoded and encoded for every event, so it is varint lengths and counts and UTF-8 strings in one
 * heap buffer (a DataOutputStream's synchronized call per byte was once the processor's largest
 * own cost).
 *
 * <p>One format is written and read. Its leading format byte is what lets a later release change
 * the layout: that release writes a new format byte and keeps a reader for this one, because a
 * store and changelog written by this release must restore after an upgrade.
 * {@code ConversationStateSerdeTest} holds the bytes of a sample state, so a change to the layout
 * shows as a failing test rather than as state that no longer restores.
 *
 * <p>Layout: format byte; brand id; highest turn (varint); last event time (8 bytes); the events
 * seen (count, then id, turn, a flags byte and author each); the open waits (count, then customer,
 * start (8 bytes), event id, platform code, a flags byte, then its SLA terms as varints: SLA,
 * warning, warning and SLA deadlines as offsets from the start, response horizon and its deadline
 * offset); the customers answered (count, then each). Enums are stored by the fixed codes of
 * {@link PlatformCodes} and {@link DirectionCodes}, not by ordinal. Flag bits this format does
 * not define make the state unreadable rather than silently ignored.
 */
public final class ConversationStateSerde implements Serde<ConversationState> {
    private static final byte FORMAT = 1;
    /** Event flags: bit 0 the direction code, bit 1 a broadcast no customer has replied to yet. */
    private static final int DIRECTION_BIT = 1;

    private static final int AWAITING_REPLY = 2;
    private static final int EVENT_FLAGS = DIRECTION_BIT | AWAITING_REPLY;
    /** Wait flags: the alerts already reported, the SLA clock, and the outcome decided unanswered. */
    private static final int BREACH_REPORTED = 1;

    private static final int WARNING_REPORTED = 2;
    private static final int BUSINESS_TIME = 4;
    private static final int HORIZON_PASSED = 8;
    private static final int WAIT_FLAGS = BREACH_REPORTED | WARNING_REPORTED | BUSINESS_TIME | HORIZON_PASSED;

    @Override
    public Serializer<ConversationState> serializer() {
        return (topic, state) -> state == null ? null : encode(state);
    }

    @Override
    public Deserializer<ConversationState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    public static byte[] encode(ConversationState state) {
        StateWriter out = new StateWriter(
                64 + 48 * state.events.size() + 96 * state.openWaits.size() + 16 * state.customersAnswered.size());
        out.buffer.put(FORMAT);
        out.string(state.brandId);
        out.varint(state.maxTurn);
        out.buffer.putLong(state.lastEventAt);
        out.varint(state.events.size());
        for (Map.Entry<String, SeenEvent> e : state.events.entrySet()) {
            SeenEvent event = e.getValue();
            out.string(e.getKey());
            out.varint(event.turn());
            out.buffer.put(
                    (byte) (DirectionCodes.code(event.direction()) | (event.awaitingReply() ? AWAITING_REPLY : 0)));
            out.string(event.authorId());
        }
        out.varint(state.openWaits.size());
        for (Map.Entry<String, Wait> w : state.openWaits.entrySet()) {
            Wait wait = w.getValue();
            SlaTerms terms = wait.terms();
            out.string(w.getKey());
            out.buffer.putLong(wait.startedAt());
            out.string(wait.eventId());
            out.buffer.put(PlatformCodes.code(wait.platform()));
            out.buffer.put((byte) ((wait.breachReported() ? BREACH_REPORTED : 0)
                    | (wait.warningReported() ? WARNING_REPORTED : 0)
                    | (terms.businessTime() ? BUSINESS_TIME : 0)
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

    static ConversationState decode(byte[] bytes) {
        return read(bytes, in -> {
            String brandId = in.string();
            int maxTurn = in.varint();
            long lastEventAt = in.buffer.getLong();
            Map<String, SeenEvent> events = new LinkedHashMap<>();
            for (int i = in.varint(); i > 0; i--) {
                String eventId = in.string();
                int turn = in.varint();
                int flags = in.flags(EVENT_FLAGS, "event");
                events.put(
                        eventId,
                        new SeenEvent(
                                turn,
                                DirectionCodes.direction(flags & DIRECTION_BIT),
                                in.string(),
                                (flags & AWAITING_REPLY) != 0));
            }
            Map<String, Wait> waits = openWaits(in);
            Set<String> answered = new LinkedHashSet<>();
            for (int i = in.varint(); i > 0; i--) {
                answered.add(in.string());
            }
            return new ConversationState(brandId, maxTurn, lastEventAt, events, waits, answered);
        });
    }

    /**
     * Receives an open wait of a stored conversation as a task start needs it to rebuild its
     * deadline index: its next step ({@code null}, and {@code pendingAt} 0, when none is left) and
     * the times the open-waits metrics count from, without the customer's or the event's id.
     */
    @FunctionalInterface
    interface RestoredWait {
        void openWait(String brandId, long startedAt, long deadlineAt, SlaDeadlineIndex.Kind pending, long pendingAt);
    }

    /**
     * Reads of a stored conversation only its open waits, handing each to {@code waits}, and
     * returns its last event time. It builds no maps and no strings but the brand id (once, and
     * only for a conversation with open waits): a task start reads every conversation it holds,
     * and the full decode's maps, sets and ids were most of the time that took. It refuses what
     * {@link #decode} refuses up to the customers answered, which it does not read.
     */
    static long readWaits(byte[] bytes, RestoredWait waits) {
        return read(bytes, in -> {
            int brandAt = in.buffer.position();
            in.skipString();
            in.varint();
            long lastEventAt = in.buffer.getLong();
            for (int i = in.varint(); i > 0; i--) {
                in.skipString();
                in.varint();
                in.flags(EVENT_FLAGS, "event");
                in.skipString();
            }
            int count = in.varint();
            String brandId = count > 0 ? in.stringAt(brandAt) : null;
            for (; count > 0; count--) {
                in.skipString();
                long startedAt = in.buffer.getLong();
                in.skipString();
                PlatformCodes.platform(in.buffer.get());
                int flags = in.flags(WAIT_FLAGS, "wait");
                SlaTerms terms = terms(in, startedAt, (flags & BUSINESS_TIME) != 0);
                SlaDeadlineIndex.Kind pending = SlaDeadlineIndex.Kind.pendingOf(
                        (flags & WARNING_REPORTED) != 0, (flags & BREACH_REPORTED) != 0, (flags & HORIZON_PASSED) != 0);
                waits.openWait(
                        brandId, startedAt, terms.deadlineAt(), pending, pending == null ? 0 : pending.at(terms));
            }
            return lastEventAt;
        });
    }

    /** Reads {@code bytes} of this format with {@code body}; bytes it cannot read are a SerializationException. */
    private static <T> T read(byte[] bytes, Function<StateReader, T> body) {
        try {
            StateReader in = new StateReader(bytes);
            byte format = in.buffer.get();
            if (format != FORMAT) {
                throw new SerializationException("unknown ConversationState format " + format);
            }
            return body.apply(in);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new SerializationException("corrupt ConversationState", e);
        }
    }

    private static Map<String, Wait> openWaits(StateReader in) {
        Map<String, Wait> waits = new LinkedHashMap<>();
        for (int i = in.varint(); i > 0; i--) {
            String customer = in.string();
            long startedAt = in.buffer.getLong();
            String eventId = in.string();
            Platform platform = PlatformCodes.platform(in.buffer.get());
            int flags = in.flags(WAIT_FLAGS, "wait");
            waits.put(
                    customer,
                    new Wait(
                            startedAt,
                            eventId,
                            platform,
                            (flags & BREACH_REPORTED) != 0,
                            (flags & WARNING_REPORTED) != 0,
                            (flags & HORIZON_PASSED) != 0,
                            terms(in, startedAt, (flags & BUSINESS_TIME) != 0)));
        }
        return waits;
    }

    private static SlaTerms terms(StateReader in, long startedAt, boolean businessTime) {
        long slaMs = in.varlong();
        long warningMs = in.varlong();
        long warningAt = startedAt + in.varlong();
        long deadlineAt = startedAt + in.varlong();
        long horizonMs = in.varlong();
        return new SlaTerms(slaMs, warningMs, horizonMs, warningAt, deadlineAt, startedAt + in.varlong(), businessTime);
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
                ByteBuffer bigger =
                        ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes + 16));
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
            int length = stringLength();
            String value = new String(buffer.array(), buffer.position(), length, StandardCharsets.UTF_8);
            buffer.position(buffer.position() + length);
            return value;
        }

        /** The string at {@code offset}, leaving the position where it is. */
        String stringAt(int offset) {
            int position = buffer.position();
            buffer.position(offset);
            String value = string();
            buffer.position(position);
            return value;
        }

        void skipString() {
            int length = stringLength();
            buffer.position(buffer.position() + length);
        }

        private int stringLength() {
            int length = varint();
            if (length > buffer.remaining()) {
                throw new IllegalArgumentException("string of " + length + " bytes in " + buffer.remaining());
            }
            return length;
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

        /** A flags byte with no bits outside {@code defined}. */
        int flags(int defined, String of) {
            int flags = buffer.get() & 0xFF;
            if ((flags & ~defined) != 0) {
                throw new SerializationException("unknown " + of + " flags " + Integer.toBinaryString(flags));
            }
            return flags;
        }
    }
}
