package dev.rapport.importer;

/**
 * A single row cannot become an event. Thrown by the row decoders and always caught by the importer, which
 * counts it; it never escapes an import.
 */
final class RowRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    private static final int MAX_EXCERPT = 80;

    private final String reason;
    private final String detail;

    RowRejectedException(String reason, String detail) {
        // No stack trace: a broken file can reject millions of rows and the trace would say nothing new.
        super(reason + " (" + detail + ")", null, false, false);
        this.reason = reason;
        this.detail = detail;
    }

    /** Rejection for a row that is broken on its own, under the summary bucket "malformed row: {@code what}". */
    static RowRejectedException malformed(String what, String detail) {
        return new RowRejectedException("malformed row: " + what, detail);
    }

    /** {@code value} quoted for a detail message, shortened so that a runaway field cannot bloat the summary. */
    static String excerpt(String value) {
        return value.length() <= MAX_EXCERPT ? "'" + value + "'" : "'" + value.substring(0, MAX_EXCERPT) + "...'";
    }

    String reason() {
        return reason;
    }

    String detail() {
        return detail;
    }
}
