package dev.rapport.serde;

/** The registry has no schema with the id a record was framed with. */
public final class UnknownSchemaIdException extends RuntimeException {
    private final int schemaId;

    public UnknownSchemaIdException(int schemaId) {
        super("no schema with id " + schemaId + " in the schema registry");
        this.schemaId = schemaId;
    }

    public int schemaId() {
        return schemaId;
    }
}
