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

/** Binary format of {@link BrandAlertState} in its store and changelog; the leading byte is the format. */
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
