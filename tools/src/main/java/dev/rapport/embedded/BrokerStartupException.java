package dev.rapport.embedded;

/** The embedded broker could not be started or did not become ready in time. */
public final class BrokerStartupException extends RuntimeException {

    BrokerStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
