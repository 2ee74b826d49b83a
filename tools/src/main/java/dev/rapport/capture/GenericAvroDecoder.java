package dev.rapport.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.serde.ConfluentWireFormat;
import dev.rapport.serde.DecodeException;
import dev.rapport.serde.DecodeFailure;
import dev.rapport.serde.SchemaRegistry;
import dev.rapport.serde.UnknownSchemaIdException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;

/**
 * Values of any other topic, read with their own writer schema from the registry and written in Avro's JSON
 * encoding (the one the Avro specification defines: unions as {@code {"type": value}}), so a capture can hold
 * records of schemas this build has never seen and any Avro tool can read them back with that schema.
 */
final class GenericAvroDecoder implements ValueDecoder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaRegistry registry;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    GenericAvroDecoder(SchemaRegistry registry) {
        this.registry = registry;
    }

    @Override
    public JsonNode toJson(byte[] framed) {
        int id = ConfluentWireFormat.schemaId(framed);
        Schema schema = schemasById.computeIfAbsent(id, this::writerSchema);
        try {
            // Skipping first checks every length prefix against the frame, as ConfluentAvroSerde does, so a
            // corrupted length cannot make the real read allocate gigabytes.
            GenericDatumReader.skip(schema, body(framed));
            BinaryDecoder decoder = body(framed);
            Object datum = new GenericDatumReader<>(schema).read(null, decoder);
            if (!decoder.isEnd()) {
                throw new DecodeException(
                        DecodeFailure.AVRO_DECODE_FAILED, "bytes left over after the record (schema id " + id + ")");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            JsonEncoder encoder = EncoderFactory.get().jsonEncoder(schema, out);
            new GenericDatumWriter<>(schema).write(datum, encoder);
            encoder.flush();
            return JSON.readTree(out.toByteArray());
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new DecodeException(
                    DecodeFailure.AVRO_DECODE_FAILED, "Avro body does not decode with schema id " + id + ": " + e, e);
        }
    }

    private Schema writerSchema(int id) {
        try {
            return registry.schemaById(id);
        } catch (UnknownSchemaIdException e) {
            throw new DecodeException(DecodeFailure.UNKNOWN_SCHEMA_ID, e.getMessage(), e);
        }
    }

    private static BinaryDecoder body(byte[] framed) {
        return DecoderFactory.get()
                .binaryDecoder(
                        framed, ConfluentWireFormat.HEADER_SIZE, framed.length - ConfluentWireFormat.HEADER_SIZE, null);
    }
}
