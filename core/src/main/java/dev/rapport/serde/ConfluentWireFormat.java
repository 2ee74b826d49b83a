package dev.rapport.serde;

import java.nio.ByteBuffer;

/**
 * Confluent's framing of a Schema Registry record: magic byte 0, the schema id as a 4-byte
 * big-endian int, then the Avro binary body.
 */
public final class ConfluentWireFormat {
    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private ConfluentWireFormat() {}

    public static byte[] frame(int schemaId, byte[] avroBody) {
        return ByteBuffer.allocate(HEADER_SIZE + avroBody.length)
                .put(MAGIC_BYTE)
                .putInt(schemaId)
                .put(avroBody)
                .array();
    }

    /** The schema id of a framed record; rejects anything that is not Confluent-framed. */
    public static int schemaId(byte[] framed) {
        if (framed == null || framed.length < HEADER_SIZE) {
            throw new DecodeException(
                    DecodeFailure.NOT_CONFLUENT_FRAMED,
                    "record has " + (framed == null ? 0 : framed.length) + " bytes, the header needs " + HEADER_SIZE);
        }
        if (framed[0] != MAGIC_BYTE) {
            throw new DecodeException(
                    DecodeFailure.NOT_CONFLUENT_FRAMED,
                    String.format("magic byte is 0x%02x, expected 0x00", framed[0]));
        }
        return ByteBuffer.wrap(framed, 1, 4).getInt();
    }
}
