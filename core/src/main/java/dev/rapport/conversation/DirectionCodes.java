package dev.rapport.conversation;

import dev.rapport.schema.Direction;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The code of each {@link Direction} in {@code conversation-state}: one bit, fixed here rather
 * than taken from the Avro-generated enum's ordinal, so reordering the schema's symbols cannot
 * turn stored inbound events into outbound ones. The switch has no default, so a symbol added to
 * the schema does not compile until it has a code (and the state format a wider field for it).
 */
final class DirectionCodes {
    private DirectionCodes() {}

    static int code(Direction direction) {
        return switch (direction) {
            case INBOUND -> 0;
            case OUTBOUND -> 1;
        };
    }

    /** @throws SerializationException for a code no direction has */
    static Direction direction(int code) {
        return switch (code) {
            case 0 -> Direction.INBOUND;
            case 1 -> Direction.OUTBOUND;
            default -> throw new SerializationException("unknown direction code " + code);
        };
    }
}
