package dev.rapport.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde for Avro specific records in the Confluent wire format, byte-compatible with Confluent's
 * {@code KafkaAvroSerializer}/{@code KafkaAvroDeserializer} (specific.avro.reader=true) using the
 * TopicNameStrategy. Writers register their schema under {@code <topic>-value}; readers resolve
 * the writer schema by id against this class's reader schema, so older and newer producers work.
 */
public final class ConfluentAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final SchemaRegistry registry;
    private final Schema readerSchema;
    private final Map<String, Integer> idsByTopic = new ConcurrentHashMap<>();
    private final Map<Integer, WriterReader<T>> readersById = new ConcurrentHashMap<>();
    private final SpecificDatumWriter<T> writer;

    public ConfluentAvroSerde(SchemaRegistry registry, Schema readerSchema) {
        this.registry = registry;
        this.readerSchema = readerSchema;
        this.writer = new SpecificDatumWriter<>(readerSchema);
    }

    public static <T extends SpecificRecord> ConfluentAvroSerde<T> of(SchemaRegistry registry, Class<T> type) {
        return new ConfluentAvroSerde<>(registry, SpecificData.get().getSchema(type));
    }

    public byte[] encode(String topic, T record) {
        if (record == null) {
            return null;
        }
        int id =
                idsByTopic.computeIfAbsent(topic, t -> registry.register(SchemaRegistry.valueSubject(t), readerSchema));
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.write(ConfluentWireFormat.MAGIC_BYTE);
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot encode " + readerSchema.getFullName() + " for topic " + topic, e);
        }
        return out.toByteArray();
    }

    /**
     * Decodes a framed record.
     *
     * @throws DecodeException naming why the bytes are not a record of this type
     */
    public T decode(byte[] framed) {
        if (framed == null) {
            return null;
        }
        int id = ConfluentWireFormat.schemaId(framed);
        WriterReader<T> schemas = readersById.computeIfAbsent(id, this::readerFor);
        try {
            requireLengthsWithinFrame(schemas.writerSchema(), framed);
            BinaryDecoder decoder = bodyDecoder(framed);
            T value = schemas.reader().read(null, decoder);
            if (!decoder.isEnd()) {
                throw new DecodeException(
                        DecodeFailure.AVRO_DECODE_FAILED, "bytes left over after the record (schema id " + id + ")");
            }
            return value;
        } catch (IOException
                | AvroRuntimeException
                | IndexOutOfBoundsException
                | NegativeArraySizeException
                | ClassCastException e) {
            throw new DecodeException(
                    DecodeFailure.AVRO_DECODE_FAILED, "Avro body does not decode with schema id " + id + ": " + e, e);
        }
    }

    /**
     * Walks the body with the writer schema without building anything, so every length prefix is
     * checked against the bytes actually present before the real read allocates a buffer of that
     * length: a corrupted string length would otherwise make Avro allocate up to 2 GB for a
     * 100-byte record. Avro's own guard (the org.apache.avro.limits.* system properties) was not
     * used because SystemLimitException reads them once, when the class is first initialised, and
     * for the whole JVM: whether a value set by this class takes effect would depend on which Avro
     * code happened to run first. Skipping stays bounded by the frame size because every item
     * with a length prefix (string, bytes, map entry) consumes at least one byte; only arrays of
     * zero-width items (null) could spin without consuming input, and no Rapport schema has one.
     */
    private static void requireLengthsWithinFrame(Schema writerSchema, byte[] framed) throws IOException {
        GenericDatumReader.skip(writerSchema, bodyDecoder(framed));
    }

    private static BinaryDecoder bodyDecoder(byte[] framed) {
        return DecoderFactory.get()
                .binaryDecoder(
                        framed, ConfluentWireFormat.HEADER_SIZE, framed.length - ConfluentWireFormat.HEADER_SIZE, null);
    }

    private WriterReader<T> readerFor(int id) {
        Schema writerSchema;
        try {
            writerSchema = registry.schemaById(id);
        } catch (UnknownSchemaIdException e) {
            throw new DecodeException(DecodeFailure.UNKNOWN_SCHEMA_ID, e.getMessage(), e);
        }
        return new WriterReader<>(writerSchema, new SpecificDatumReader<>(writerSchema, readerSchema));
    }

    private record WriterReader<T>(Schema writerSchema, DatumReader<T> reader) {}

    @Override
    public Serializer<T> serializer() {
        return this::encode;
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, data) -> decode(data);
    }
}
