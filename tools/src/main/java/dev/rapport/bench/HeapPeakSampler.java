package dev.rapport.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The largest heap in use while it runs, sampled every 20 ms from the MemoryMXBean. Sampling
 * catches the heap just before most collections (young collections run every few hundred ms at
 * these allocation rates), so it is close to the true peak; it measures the whole JVM, which in
 * an embedded-broker run includes the broker.
 */
final class HeapPeakSampler implements AutoCloseable {
    private static final long INTERVAL_MS = 20;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peak = new AtomicLong();
    private final Thread thread;

    HeapPeakSampler() {
        thread = new Thread(this::sample, "bench-heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        while (!Thread.currentThread().isInterrupted()) {
            peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    long peakBytes() {
        return peak.get();
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
