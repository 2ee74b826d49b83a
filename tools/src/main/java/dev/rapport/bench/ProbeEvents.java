package dev.rapport.bench;

import dev.rapport.schema.Direction;
import dev.rapport.schema.MessageEvent;
import dev.rapport.schema.Platform;
import java.time.Instant;

/**
 * Probe events for the latency phase: each one is the only event of its own brand, so the first
 * brand-stats record of that brand is the output the probe caused, and nothing else can cause it.
 */
final class ProbeEvents {
    private static final String PREFIX = "bench-probe-";

    private ProbeEvents() {}

    static MessageEvent probe(int number, Instant now) {
        String id = PREFIX + number;
        return MessageEvent.newBuilder()
                .setEventId(id)
                .setPlatform(Platform.values()[0])
                .setBrandId(id)
                .setConversationId(id)
                .setDirection(Direction.INBOUND)
                .setAuthorId(id + "-customer")
                .setInReplyTo(null)
                .setOccurredAt(now)
                .build();
    }

    /** The probe number of a brand-stats key ({@code <brandId>@<windowStart>}), or -1 for other brands. */
    static int numberOf(String statsKey) {
        if (statsKey == null || !statsKey.startsWith(PREFIX)) {
            return -1;
        }
        int at = statsKey.indexOf('@');
        return Integer.parseInt(statsKey.substring(PREFIX.length(), at < 0 ? statsKey.length() : at));
    }
}
