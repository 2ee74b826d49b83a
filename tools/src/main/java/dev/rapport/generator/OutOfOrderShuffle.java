package dev.rapport.generator;

import dev.rapport.schema.MessageEvent;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Makes a share of events arrive late, as they do from real platform APIs: a chosen event is held
 * back and released once events up to a few seconds later have gone out. Its occurredAt does not
 * change, so it is out of order against those events.
 *
 * <p>A held event is released just before any reply to it, because a reply whose parent is unknown
 * is a different case (a broken thread, not a late message); {@code repliesMayPrecedeParents}
 * asks for that case on purpose.
 */
final class OutOfOrderShuffle {
    private static final long MIN_DELAY_MS = 500;
    private static final long MAX_DELAY_MS = 3_000;
    /** Keeps the shuffle's draws apart from the traffic's: turning it on does not change the traffic. */
    private static final long SHUFFLE_STREAM = 0x0DD5_0DD5L;

    private record Held(MessageEvent event, long releaseAt, long order) {}

    private final double fraction;
    private final boolean repliesMayPrecedeParents;
    private final RandomGenerator random;
    private final PriorityQueue<Held> held =
            new PriorityQueue<>(Comparator.comparingLong(Held::releaseAt).thenComparingLong(Held::order));
    // Looked up by id only, never iterated: its order cannot leak into the output.
    private final Map<String, Held> heldById = new HashMap<>();
    private long order;

    OutOfOrderShuffle(TrafficSettings settings) {
        this.fraction = settings.outOfOrderFraction();
        this.repliesMayPrecedeParents = settings.repliesMayPrecedeParents();
        this.random = new SplittableRandom(settings.seed() ^ SHUFFLE_STREAM);
    }

    /** Takes the next event in time order; passes on whatever is due, in emission order. */
    void accept(MessageEvent event, Consumer<MessageEvent> out) {
        if (!repliesMayPrecedeParents && event.getInReplyTo() != null) {
            Held parent = heldById.get(event.getInReplyTo());
            if (parent != null) {
                held.remove(parent);
                release(parent, out);
            }
        }
        if (fraction > 0 && random.nextDouble() < fraction) {
            long releaseAt = event.getOccurredAt().toEpochMilli() + random.nextLong(MIN_DELAY_MS, MAX_DELAY_MS + 1);
            Held h = new Held(event, releaseAt, order++);
            held.add(h);
            heldById.put(event.getEventId(), h);
            return;
        }
        out.accept(event);
        long now = event.getOccurredAt().toEpochMilli();
        while (!held.isEmpty() && held.peek().releaseAt() <= now) {
            release(held.poll(), out);
        }
    }

    /** Passes on every held event: the end of the run. */
    void drain(Consumer<MessageEvent> out) {
        while (!held.isEmpty()) {
            release(held.poll(), out);
        }
    }

    private void release(Held h, Consumer<MessageEvent> out) {
        heldById.remove(h.event().getEventId());
        out.accept(h.event());
    }
}
