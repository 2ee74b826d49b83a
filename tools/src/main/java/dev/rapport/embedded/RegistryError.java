package dev.rapport.embedded;

/**
 * A request {@link SchemaRegistryServer} refuses, with Confluent's error code. Confluent's codes
 * start with the HTTP status (40403 is a 404), except the plain three-digit ones.
 */
final class RegistryError extends Exception {
    static final int SUBJECT_NOT_FOUND = 40401;
    static final int VERSION_NOT_FOUND = 40402;
    static final int SCHEMA_NOT_FOUND = 40403;
    static final int INVALID_SCHEMA = 42201;
    static final int INVALID_VERSION = 42202;
    static final int INCOMPATIBLE_SCHEMA = 409;
    static final int INTERNAL_ERROR = 50001;

    private final int errorCode;

    RegistryError(int errorCode, String message) {
        super(message, null, false, false);
        this.errorCode = errorCode;
    }

    int errorCode() {
        return errorCode;
    }

    int httpStatus() {
        return errorCode < 1000 ? errorCode : errorCode / 100;
    }
}
