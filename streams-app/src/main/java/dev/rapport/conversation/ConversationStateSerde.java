package dev.rapport.conversation;

import dev.rapport.conversation.ConversationState.SeenEvent;
import dev.rapport.conversation.ConversationState.Wait;
import dev.rapport.schema.Direction;
import dev.rapport.schema.Platform;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * leading format byte lets a later release read state written by this one. A wait's alert flags
 * share one byte (bit 0 breach, bit 1 warning) where format 1 first wrote the breach as a
 * boolean, so state written before SLA warnings existed reads unchanged.
 */
public final class ConversationStateSerde implements Serde<ConversationState> {
    private static final byte FORMAT = 1;
    private static final Direction[] DIRECTIONS = Direction.values();
    private static final Platform[] PLATFORMS = Platform.values();
    private static final int BREACH_REPORTED = 1;
    private static final int WARNING_REPORTED = 2;

    @Override
    public Serializer<ConversationState> serializer() {
        return (topic, state) -> state == null ? null : encode(state);
    }

    @Override
    public Deserializer<ConversationState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    static byte[] encode(ConversationState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 48 * state.events.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(state.brandId);
            out.writeInt(state.maxTurn);
            out.writeLong(state.lastEventAt);
            out.writeInt(state.events.size());
            for (Map.Entry<String, SeenEvent> e : state.events.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().turn());
                out.writeByte(e.getValue().direction().ordinal());
                out.writeUTF(e.getValue().authorId());
            }
            out.writeInt(state.openWaits.size());
            for (Map.Entry<String, Wait> w : state.openWaits.entrySet()) {
                out.writeUTF(w.getKey());
                out.writeLong(w.getValue().startedAt());
                out.writeUTF(w.getValue().eventId());
                out.writeByte(w.getValue().platform().ordinal());
                out.writeByte((w.getValue().breachReported() ? BREACH_REPORTED : 0)
                        | (w.getValue().warningReported() ? WARNING_REPORTED : 0));
            }
            out.writeInt(state.customersAnswered.size());
            for (String customer : state.customersAnswered) {
                out.writeUTF(customer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static ConversationState decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new SerializationException("unknown ConversationState format " + format);
            }
            String brandId = in.readUTF();
            int maxTurn = in.readInt();
            long lastEventAt = in.readLong();
            Map<String, SeenEvent> events = new LinkedHashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                events.put(in.readUTF(), new SeenEvent(in.readInt(), DIRECTIONS[in.readByte()], in.readUTF()));
            }
            Map<String, Wait> waits = new LinkedHashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                String customer = in.readUTF();
                long startedAt = in.readLong();
                String eventId = in.readUTF();
                Platform platform = PLATFORMS[in.readByte()];
                int flags = in.readByte();
                waits.put(customer, new Wait(startedAt, eventId, platform,
                        (flags & BREACH_REPORTED) != 0, (flags & WARNING_REPORTED) != 0));
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
}
