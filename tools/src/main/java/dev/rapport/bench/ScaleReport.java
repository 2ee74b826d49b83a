package dev.rapport.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The state-at-scale phase: the conversations written once, and for each {@code conversation.store}
 * what they cost on the heap and the broker and how long a new instance took to restore them.
 *
 * @param publishSeconds time to write the conversations' events to the input topic
 */
public record ScaleReport(
        long conversations, double publishSeconds, int partitions, int streamThreads, List<ScaleResult> stores) {

    /** The phase's figures alone, as {@code bench --conversations-only} writes them. */
    public void writeJson(Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode json = mapper.createObjectNode()
                .put("partitions", partitions)
                .put("streamThreads", streamThreads)
                .put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        addTo(json);
        mapper.writeValue(file.toFile(), json);
    }

    void addTo(ObjectNode json) {
        ObjectNode scale = json.putObject("stateAtScale")
                .put("conversations", conversations)
                .put("publishSeconds", publishSeconds);
        ArrayNode results = scale.putArray("stores");
        for (ScaleResult r : stores) {
            results.addObject()
                    .put("store", r.store())
                    .put("loadSeconds", r.loadSeconds())
                    .put("loadRecordsPerSec", conversations / r.loadSeconds())
                    .put("storedConversations", r.storedConversations())
                    .put("openConversations", r.openConversations())
                    .put("serializedBytesPerConversation", r.serializedBytesPerConversation())
                    .put("heapBaselineBytes", r.heapBaselineBytes())
                    .put("heapLoadedBytes", r.heapLoadedBytes())
                    .put("heapBytesPerConversation", r.heapBytesPerConversation())
                    .put("changelogBytes", r.changelogBytes())
                    .put("conversationChangelogBytes", r.conversationChangelogBytes())
                    .put("changelogBytesPerConversation", r.changelogBytesPerConversation())
                    .put("restoreSeconds", r.restoreSeconds())
                    .put("restoreSecondsPerMillion", r.restoreSecondsPerMillion())
                    .put("restoreEndSeconds", r.restoreEndSeconds())
                    .put("runningSeconds", r.runningSeconds())
                    .put("restoredRecords", r.restoredRecords())
                    .put("restoredConversationRecords", r.restoredConversationRecords())
                    .put("restoredRecordsPerSec", r.restoredRecordsPerSec())
                    .put("heapRestoredBytesPerConversation", r.heapRestoredBytesPerConversation())
                    .put("loadAverage", r.loadAverage());
        }
    }

    public void printTable(PrintStream out) {
        out.printf(
                "State at scale: %,d open conversations (written in %.1f s), %d partitions, %d stream thread(s), "
                        + "max heap %,d MiB%n",
                conversations,
                publishSeconds,
                partitions,
                streamThreads,
                Runtime.getRuntime().maxMemory() >> 20);
        out.printf(
                "  %-8s %9s %11s %11s %11s %10s %10s %12s %12s %6s%n",
                "store",
                "load s",
                "stored",
                "heap B/conv",
                "after rest.",
                "changelog",
                "restore s",
                "restored",
                "records/s",
                "load");
        for (ScaleResult r : stores) {
            out.printf(
                    "  %-8s %9.1f %,11d %11.1f %11.1f %,8d M %10.1f %,12d %,12.0f %6.2f%n",
                    r.store(),
                    r.loadSeconds(),
                    r.storedConversations(),
                    r.heapBytesPerConversation(),
                    r.heapRestoredBytesPerConversation(),
                    r.changelogBytes() >> 20,
                    r.restoreSeconds(),
                    r.restoredRecords(),
                    r.restoredRecordsPerSec(),
                    r.loadAverage());
        }
    }
}
