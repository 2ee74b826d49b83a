package dev.rapport.importer;

import java.io.IOException;

/** The input as a whole is not in the expected format, so not even single rows can be salvaged. */
public final class UnreadableInputException extends IOException {
    private static final long serialVersionUID = 1L;

    public UnreadableInputException(String message) {
        super(message);
    }
}
