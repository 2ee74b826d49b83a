package dev.rapport.serde;

/** Why a record could not be turned into a valid event. The names are the dead-letter reasons. */
public enum DecodeFailure {
    /** Empty, shorter than the 5-byte header, or a magic byte other than 0. */
    NOT_CONFLUENT_FRAMED,
    /** Framed with a schema id the registry does not know. */
    UNKNOWN_SCHEMA_ID,
    /** The Avro body does not decode with its writer schema, or has bytes left over. */
    AVRO_DECODE_FAILED,
    /** Decodes, but breaks the event contract (missing ids, impossible timestamps). */
    CONTRACT_VIOLATION
}
