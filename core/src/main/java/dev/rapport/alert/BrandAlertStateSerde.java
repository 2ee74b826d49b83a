package dev.rapport.alert;

import dev.rapport.alert.BrandAlertState.Firing;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary format of {@link BrandAlertState} in the {@code brand-alert-state} store and its
 * changelog. One format is written and read; its leading format byte is what lets a later release
 * change the layout while it keeps a reader for this one, so that state written by this release
 * restores after an upgrade. {@code BrandAlertStateSerdeTest} holds the bytes of a sample state.
 *
 * <p>Layout ({@link DataOutputStream}): format byte; next window start (8 bytes); baseline (an
 * 8-byte double); baseline windows (4 bytes); the firing alerts (4-byte count, then condition key,
 * alert id (modified UTF-8 with a 2-byte length) and window start (8 bytes) each). A condition key
 * holds enum symbols by name ({@code LATENCY_DEGRADED}, {@code CHANNEL_GAP:TWITTER}), not by
 * ordinal: the names are the Avro schema's symbols, which {@code SchemaEvolutionTest} keeps from
 * one release to the next, and a name this release does not know reads as an unknown type.
 */
public final class BrandAlertStateSerde implements Serde<BrandAlertState> {
    private static final byte FORMAT = 1;

    @Override
    public Serializer<BrandAlertState> serializer() {
        return (topic, state) -> state == null ? null : encode(state);
    }

    @Override
    public Deserializer<BrandAlertState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    static byte[] encode(BrandAlertState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + 64 * state.firing.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(state.nextWindowStart);
            out.writeDouble(state.baseline);
            out.writeInt(state.baselineWindows);
            out.writeInt(state.firing.size());
            for (Map.Entry<String, Firing> f : state.firing.entrySet()) {
                out.writeUTF(f.getKey());
                out.writeUTF(f.getValue().alertId());
                out.writeLong(f.getValue().firedInWindowStart());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static BrandAlertState decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new SerializationException("unknown BrandAlertState format " + format);
            }
            long next = in.readLong();
            double baseline = in.readDouble();
            int windows = in.readInt();
            TreeMap<String, Firing> firing = new TreeMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                firing.put(in.readUTF(), new Firing(in.readUTF(), in.readLong()));
            }
            return new BrandAlertState(next, baseline, windows, firing);
        } catch (IOException e) {
            throw new SerializationException("corrupt BrandAlertState", e);
        }
    }
}
