package dev.rapport.serde;

import org.apache.kafka.common.errors.SerializationException;

/** A record that cannot be decoded, with the reason that the dead-letter topic records. */
public final class DecodeException extends SerializationException {
    private final DecodeFailure failure;

    public DecodeException(DecodeFailure failure, String detail) {
        this(failure, detail, null);
    }

    public DecodeException(DecodeFailure failure, String detail, Throwable cause) {
        super(failure + ": " + detail, cause);
        this.failure = failure;
    }

    public DecodeFailure failure() {
        return failure;
    }
}
