package dev.rapport.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The stop-the-world collections of this JVM while it is open, on the {@link System#nanoTime}
 * clock, so they can be laid over the probes' flights. Collectors that report concurrent cycles
 * (G1's concurrent marking, ZGC's cycles) are left out: those run beside the application and do
 * not stop it.
 */
final class GcPauses implements AutoCloseable {
    /** One pause: when it began and ended in {@link System#nanoTime} terms. */
    record Pause(long startNanos, long endNanos) {
        double millis() {
            return (endNanos - startNanos) / 1e6;
        }

        boolean overlaps(long fromNanos, long toNanos) {
            return startNanos <= toNanos && endNanos >= fromNanos;
        }
    }

    private final List<Pause> pauses = new CopyOnWriteArrayList<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onCollection;

    GcPauses() {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (stopsTheWorld(collector.getName()) && collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    private static boolean stopsTheWorld(String collectorName) {
        return !collectorName.contains("Concurrent") && !collectorName.contains("Cycles");
    }

    private void onCollection(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        long nowNanos = System.nanoTime();
        long uptimeMillis = ManagementFactory.getRuntimeMXBean().getUptime();
        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
                .getGcInfo();
        // The notification comes after the collection; its times are on the JVM's uptime clock.
        long endNanos = nowNanos - (uptimeMillis - info.getEndTime()) * 1_000_000;
        pauses.add(new Pause(endNanos - info.getDuration() * 1_000_000, endNanos));
    }

    /** The pauses that ended at or after {@code fromNanos}, in the order they happened. */
    List<Pause> since(long fromNanos) {
        return pauses.stream().filter(p -> p.endNanos() >= fromNanos).toList();
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // not registered: nothing to remove
            }
        }
    }
}
