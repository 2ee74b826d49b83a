package dev.rapport.stats;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Values of the {@code brand-deltas} repartition topic: the sum of a (brand, window)'s deltas over
 * a commit interval ({@link PendingBrandDeltas}), as a format byte and then the accumulator in
 * {@link BrandWindowAccumulatorSerde}'s format (its own format byte included).
 *
 * <p>One format is written and read. The topic has a format byte of its own, apart from the
 * store's, because records in it outlive an upgrade: the new release must read what the old one
 * left in the topic, and the topic's layout may have to change when the store's does not, or the
 * other way round. {@code BrandDeltaSumSerdeTest} holds the bytes of a sample record.
 */
public final class BrandDeltaSumSerde implements Serde<BrandWindowAccumulator> {
    static final byte FORMAT = 1;

    @Override
    public Serializer<BrandWindowAccumulator> serializer() {
        return (topic, sum) -> sum == null ? null : encode(sum);
    }

    @Override
    public Deserializer<BrandWindowAccumulator> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    static byte[] encode(BrandWindowAccumulator sum) {
        byte[] bytes = BrandWindowAccumulatorSerde.encode(sum, 1);
        bytes[0] = FORMAT;
        return bytes;
    }

    static BrandWindowAccumulator decode(byte[] bytes) {
        if (bytes.length == 0) {
            throw new SerializationException("empty brand delta record");
        }
        if (bytes[0] != FORMAT) {
            throw new SerializationException("unknown brand delta record format " + bytes[0]);
        }
        return BrandWindowAccumulatorSerde.decode(bytes, 1);
    }
}
