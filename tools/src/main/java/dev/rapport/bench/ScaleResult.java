package dev.rapport.bench;

/**
 * The figures of the state-at-scale phase for one {@code conversation.store}.
 *
 * @param store the {@code conversation.store} value
 * @param loadSeconds from starting the application until every input record and every record it
 *     repartitioned was committed
 * @param storedConversations conversations in {@code conversation-state} once loaded
 * @param openConversations of those, the ones with at least one open wait
 * @param serializedBytes key + value bytes of every stored conversation as the changelog holds them
 * @param heapBaselineBytes heap after a full collection before the application started
 * @param heapLoadedBytes heap after a full collection with every conversation loaded
 * @param changelogBytes the application's changelog topics on the broker's disk
 * @param conversationChangelogBytes of those, the {@code conversation-state} changelog
 * @param restoreSeconds from starting the new instance on an empty state directory until it was
 *     RUNNING and every store it restored had ended its restore
 * @param restoreEndSeconds of that, until the last store ended its restore
 * @param runningSeconds of that, until the instance was RUNNING (its processors initialised: the
 *     heap indexes are rebuilt from conversation-state then)
 * @param restoredRecords changelog records the new instance restored, every store together
 * @param restoredConversationRecords of those, the {@code conversation-state} changelog's
 * @param heapBeforeRestoreBytes heap after a full collection with the first instance closed
 * @param heapRestoredBytes heap after a full collection with the state restored
 * @param loadAverage one-minute load average when the restore ended
 */
record ScaleResult(
        String store,
        double loadSeconds,
        long storedConversations,
        long openConversations,
        long serializedBytes,
        long heapBaselineBytes,
        long heapLoadedBytes,
        long changelogBytes,
        long conversationChangelogBytes,
        double restoreSeconds,
        double restoreEndSeconds,
        double runningSeconds,
        long restoredRecords,
        long restoredConversationRecords,
        long heapBeforeRestoreBytes,
        long heapRestoredBytes,
        double loadAverage) {

    double heapBytesPerConversation() {
        return perConversation(heapLoadedBytes - heapBaselineBytes);
    }

    double heapRestoredBytesPerConversation() {
        return perConversation(heapRestoredBytes - heapBeforeRestoreBytes);
    }

    double changelogBytesPerConversation() {
        return perConversation(changelogBytes);
    }

    double serializedBytesPerConversation() {
        return perConversation(serializedBytes);
    }

    double restoredRecordsPerSec() {
        return restoredRecords / restoreSeconds;
    }

    /** Restore time scaled to a million stored conversations: what the sizing guide quotes. */
    double restoreSecondsPerMillion() {
        return storedConversations == 0 ? 0 : restoreSeconds * 1e6 / storedConversations;
    }

    private double perConversation(long bytes) {
        return storedConversations == 0 ? 0 : (double) bytes / storedConversations;
    }
}
