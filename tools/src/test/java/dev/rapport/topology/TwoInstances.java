package dev.rapport.topology;

import dev.rapport.service.RapportService;

/** Waiting for two instances of one application to share its work. */
public final class TwoInstances {
    private TwoInstances() {}

    /**
     * Waits until both run in one group of two and each owns active tasks. Running with two members
     * is not enough: the assignment may still be settling (a follow-up rebalance hands the newcomer
     * its tasks).
     */
    public static void awaitSettled(RapportService a, RapportService b) throws InterruptedException {
        long giveUp = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < giveUp) {
            if (a.isRunning()
                    && b.isRunning()
                    && a.streams().metadataForAllStreamsClients().size() == 2
                    && b.streams().metadataForAllStreamsClients().size() == 2
                    && ownsActiveTasks(a)
                    && ownsActiveTasks(b)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the two instances did not settle into one group");
    }

    private static boolean ownsActiveTasks(RapportService service) {
        return service.streams().metadataForLocalThreads().stream()
                .anyMatch(thread -> !thread.activeTasks().isEmpty());
    }
}
