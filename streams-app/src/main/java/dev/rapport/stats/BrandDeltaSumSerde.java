package dev.rapport.stats;

import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Values of the {@code brand-deltas} repartition topic: the sum of a (brand, window)'s deltas over
 * a commit interval ({@link PendingBrandDeltas}), as a format byte and then the accumulator in
 * {@link BrandWindowAccumulatorSerde}'s format. Releases before the combine wrote one
 * {@link BrandDelta} per record, with format bytes 1 to 3: those are still read, as a sum of one
 * delta, so records left in the topic by the previous release are counted after an upgrade.
 */
public final class BrandDeltaSumSerde implements Serde<BrandWindowAccumulator> {
    /** Above every {@link LegacyBrandDeltaFormat} format byte, so the two cannot be confused. */
    static final byte FORMAT = 16;

    @Override
    public Serializer<BrandWindowAccumulator> serializer() {
        return (topic, sum) -> sum == null ? null : encode(sum);
    }

    @Override
    public Deserializer<BrandWindowAccumulator> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    static byte[] encode(BrandWindowAccumulator sum) {
        byte[] accumulator = BrandWindowAccumulatorSerde.encode(sum);
        byte[] bytes = new byte[accumulator.length + 1];
        bytes[0] = FORMAT;
        System.arraycopy(accumulator, 0, bytes, 1, accumulator.length);
        return bytes;
    }

    static BrandWindowAccumulator decode(byte[] bytes) {
        if (bytes.length == 0) {
            throw new SerializationException("empty brand delta record");
        }
        if (bytes[0] == FORMAT) {
            return BrandWindowAccumulatorSerde.decode(Arrays.copyOfRange(bytes, 1, bytes.length));
        }
        try {
            return new BrandWindowAccumulator().add(LegacyBrandDeltaFormat.decode(bytes));
        } catch (SerializationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SerializationException("corrupt brand delta record", e);
        }
    }
}
