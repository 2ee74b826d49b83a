package dev.rapport.ingest;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** How a control record (today: a watermark) is marked on the input topic. */
public final class ControlRecords {
    public static final String HEADER = "rapport.control";
    public static final String WATERMARK = "watermark";

    private ControlRecords() {}

    public static Headers watermarkHeaders() {
        return new RecordHeaders().add(HEADER, WATERMARK.getBytes(StandardCharsets.UTF_8));
    }

    static boolean isWatermark(Headers headers) {
        Header header = headers.lastHeader(HEADER);
        return header != null && WATERMARK.equals(new String(header.value(), StandardCharsets.UTF_8));
    }
}
