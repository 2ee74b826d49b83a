package dev.rapport.conversation;

import dev.rapport.schema.EngagementAlert;
import dev.rapport.stats.BrandDelta;

/** What the conversation processor emits: a brand's window update, or an alert. */
public sealed interface ConversationOutput {
    record Update(BrandDelta delta) implements ConversationOutput {}

    record Alert(EngagementAlert alert) implements ConversationOutput {}
}
