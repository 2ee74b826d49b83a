package dev.rapport.stats;

import dev.rapport.schema.Platform;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The one-byte code of each {@link Platform} in state stores, changelogs and the
 * {@code brand-deltas} topic. Platform is generated from the Avro schema, where a symbol's
 * position may change without breaking Avro readers (they resolve symbols by name); an ordinal in
 * stored bytes would then silently read as another platform. The codes are fixed here instead:
 * a code, once written by a release, keeps its platform for good, and a new symbol takes the next
 * free code. The switch has no default, so a symbol added to the schema does not compile until it
 * has a code.
 */
public final class PlatformCodes {
    private PlatformCodes() {}

    public static byte code(Platform platform) {
        return switch (platform) {
            case TWITTER -> 0;
            case INSTAGRAM -> 1;
            case FACEBOOK -> 2;
            case LINKEDIN -> 3;
            case WHATSAPP -> 4;
            case SNAPCHAT -> 5;
            case TIKTOK -> 6;
            case EMAIL -> 7;
            case WEBCHAT -> 8;
            case OTHER -> 9;
        };
    }

    /** @throws SerializationException for a code no platform has: corrupt bytes or a newer release's */
    public static Platform platform(byte code) {
        return switch (code) {
            case 0 -> Platform.TWITTER;
            case 1 -> Platform.INSTAGRAM;
            case 2 -> Platform.FACEBOOK;
            case 3 -> Platform.LINKEDIN;
            case 4 -> Platform.WHATSAPP;
            case 5 -> Platform.SNAPCHAT;
            case 6 -> Platform.TIKTOK;
            case 7 -> Platform.EMAIL;
            case 8 -> Platform.WEBCHAT;
            case 9 -> Platform.OTHER;
            default -> throw new SerializationException("unknown platform code " + code);
        };
    }
}
