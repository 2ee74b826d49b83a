package dev.rapport.importer;

/** The JSONL field names: MessageEvent's Avro field names, so a line reads like the record it encodes. */
final class JsonlFields {
    static final String EVENT_ID = "eventId";
    static final String PLATFORM = "platform";
    static final String BRAND_ID = "brandId";
    static final String CONVERSATION_ID = "conversationId";
    static final String DIRECTION = "direction";
    static final String AUTHOR_ID = "authorId";
    static final String IN_REPLY_TO = "inReplyTo";
    static final String OCCURRED_AT = "occurredAt";

    private JsonlFields() {}
}
