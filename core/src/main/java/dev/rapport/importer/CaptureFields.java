package dev.rapport.importer;

/**
 * The field names of a capture line, one JSON object per Kafka record. The writer ({@link CaptureLine}) and
 * the reader ({@link dev.rapport.importer.CaptureImporter}) share them so that they cannot drift apart.
 */
public final class CaptureFields {
    public static final String TOPIC = "topic";
    public static final String PARTITION = "partition";
    public static final String OFFSET = "offset";
    /** Epoch milliseconds. */
    public static final String TIMESTAMP = "timestamp";
    /** {@code CreateTime} or {@code LogAppendTime}. */
    public static final String TIMESTAMP_TYPE = "timestampType";
    /** The key as a UTF-8 string, null for a null key. */
    public static final String KEY = "key";
    /** Instead of {@link #KEY} when the key bytes are not valid UTF-8. */
    public static final String KEY_BASE64 = "keyBase64";
    /** An array of {@code {"name": ..., "value": ...}} in record order, see {@link #HEADER_VALUE}. */
    public static final String HEADERS = "headers";

    public static final String HEADER_NAME = "name";
    /** The header value as a UTF-8 string; null for a null value. */
    public static final String HEADER_VALUE = "value";
    /** Instead of {@link #HEADER_VALUE} when the header bytes are not valid UTF-8. */
    public static final String HEADER_VALUE_BASE64 = "valueBase64";
    /** The Schema Registry id in the value's Confluent frame. */
    public static final String SCHEMA_ID = "schemaId";
    /** The decoded value as JSON; null for a null value (tombstone, watermark). */
    public static final String VALUE = "value";
    /** Instead of {@link #VALUE}: the raw value, when it is not Confluent-framed or does not decode. */
    public static final String VALUE_BASE64 = "valueBase64";
    /** Next to {@link #VALUE_BASE64} when a framed value did not decode: the dead-letter reason and detail. */
    public static final String VALUE_ERROR = "valueError";

    private CaptureFields() {}
}
