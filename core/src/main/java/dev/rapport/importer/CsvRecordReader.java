package dev.rapport.importer;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text (RFC 4180, as written by pandas and Python's csv module) into records.
 *
 * <p>It is deliberately lenient, like Python's csv reader in its default non-strict mode: a quote inside an
 * unquoted field is kept literally, and text after a closing quote is appended to the field. A strict parser
 * would have to abandon the whole file at the first stray quote, because after a syntax error it can no longer
 * tell where the next record starts; being lenient keeps every other row importable. The two defects it cannot
 * paper over are reported on the record instead of thrown: a quoted field still open at the end of the input,
 * and a record so long that it would exhaust memory (the usual result of a stray quote swallowing the rest of a
 * file).
 */
final class CsvRecordReader {
    /** Far above any real TWCS row (a tweet is at most a few thousand characters even HTML-escaped). */
    static final int MAX_RECORD_CHARS = 1 << 20;

    private static final int EOF = -1;
    private static final int NOTHING_PEEKED = -2;
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final Reader in;
    private final char[] buffer = new char[64 * 1024];
    private int bufferLength;
    private int bufferPosition;
    private int peeked = NOTHING_PEEKED;
    private long line = 1;
    private boolean atStartOfInput = true;

    CsvRecordReader(Reader in) {
        this.in = in;
    }

    /** The next non-blank record, or {@code null} at the end of the input. */
    CsvRecord next() throws IOException {
        skipByteOrderMark();
        while (true) {
            int first = read();
            if (first == EOF) {
                return null;
            }
            if (isLineBreak(first)) {
                consumeLineBreak(first);
                continue;
            }
            CsvRecord record = readRecord(first);
            if (!isBlank(record)) {
                return record;
            }
        }
    }

    private CsvRecord readRecord(int first) throws IOException {
        long startLine = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int recordChars = 0;
        boolean quoted = false;
        boolean fieldWasQuoted = false;
        String defect = null;
        int c = first;
        while (true) {
            if (c == EOF) {
                if (quoted) {
                    defect = "unterminated quoted field";
                }
                break;
            }
            if (quoted) {
                if (c == '"') {
                    if (peek() == '"') {
                        read();
                        field.append('"');
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n' || (c == '\r' && peek() != '\n')) {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                fieldWasQuoted = false;
            } else if (isLineBreak(c)) {
                consumeLineBreak(c);
                break;
            } else if (c == '"' && field.length() == 0 && !fieldWasQuoted) {
                quoted = true;
                fieldWasQuoted = true;
            } else {
                field.append((char) c);
            }
            if (++recordChars > MAX_RECORD_CHARS) {
                defect = "record longer than " + MAX_RECORD_CHARS + " characters";
                skipRestOfRecord(quoted);
                break;
            }
            c = read();
        }
        fields.add(field.toString());
        return new CsvRecord(startLine, List.copyOf(fields), defect);
    }

    /** Drops an oversized record's remaining characters without buffering them, keeping line numbers right. */
    private void skipRestOfRecord(boolean quoted) throws IOException {
        boolean inQuotes = quoted;
        for (int c = read(); c != EOF; c = read()) {
            if (c == '"') {
                inQuotes = !inQuotes;
            } else if (isLineBreak(c)) {
                consumeLineBreak(c);
                if (!inQuotes) {
                    return;
                }
            }
        }
    }

    private static boolean isBlank(CsvRecord record) {
        return record.defect() == null
                && record.fields().size() == 1
                && record.fields().get(0).isBlank();
    }

    private static boolean isLineBreak(int c) {
        return c == '\n' || c == '\r';
    }

    /** Counts one line for "\n", "\r" or "\r\n". */
    private void consumeLineBreak(int c) throws IOException {
        if (c == '\r' && peek() == '\n') {
            read();
        }
        line++;
    }

    private void skipByteOrderMark() throws IOException {
        if (atStartOfInput) {
            atStartOfInput = false;
            if (peek() == BYTE_ORDER_MARK) {
                read();
            }
        }
    }

    private int peek() throws IOException {
        if (peeked == NOTHING_PEEKED) {
            peeked = readFromBuffer();
        }
        return peeked;
    }

    private int read() throws IOException {
        if (peeked != NOTHING_PEEKED) {
            int c = peeked;
            peeked = NOTHING_PEEKED;
            return c;
        }
        return readFromBuffer();
    }

    private int readFromBuffer() throws IOException {
        if (bufferPosition == bufferLength) {
            bufferLength = in.read(buffer);
            bufferPosition = 0;
            if (bufferLength <= 0) {
                bufferLength = 0;
                return EOF;
            }
        }
        return buffer[bufferPosition++];
    }
}
