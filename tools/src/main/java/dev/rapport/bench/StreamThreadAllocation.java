package dev.rapport.bench;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Bytes allocated by one application's stream threads, read from the JVM's per-thread counters.
 * At a fixed input rate and commit interval that figure per event does not depend on how busy the
 * machine is, unlike the latency it drives through garbage collection.
 */
final class StreamThreadAllocation {
    private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final String threadPrefix;
    private Map<Long, Long> start;

    StreamThreadAllocation(String applicationId) {
        this.threadPrefix = applicationId + "-";
    }

    void start() {
        start = readNow();
    }

    /** Bytes the stream threads allocated since {@link #start}; a thread that ended meanwhile is not counted. */
    long bytesSinceStart() {
        long total = 0;
        for (Map.Entry<Long, Long> now : readNow().entrySet()) {
            total += now.getValue() - start.getOrDefault(now.getKey(), 0L);
        }
        return total;
    }

    private Map<Long, Long> readNow() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(threadPrefix) && t.getName().contains("-StreamThread-"))
                .collect(Collectors.toMap(Thread::getId, t -> threads.getThreadAllocatedBytes(t.getId())));
    }
}
