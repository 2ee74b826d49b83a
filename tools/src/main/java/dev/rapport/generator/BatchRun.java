package dev.rapport.generator;

import dev.rapport.schema.MessageEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** A fixed number of events, unpaced, in simulated time: for files and benchmarks. */
public final class BatchRun implements GeneratorRun {
    private final TrafficSettings settings;
    private final long count;
    private final Instant start;

    BatchRun(TrafficSettings settings, long count, Instant start) {
        if (count < 0) {
            throw new IllegalArgumentException("event count must not be negative, got " + count);
        }
        this.settings = settings;
        this.count = count;
        this.start = start;
    }

    @Override
    public RunSummary run(Consumer<MessageEvent> sink) {
        long began = System.nanoTime();
        RunTally tally = new RunTally(sink);
        iterator().forEachRemaining(tally);
        return tally.summary(Duration.ofNanos(System.nanoTime() - began));
    }

    /** The run's events, generated as they are pulled; each call starts the run afresh. */
    public Iterator<MessageEvent> iterator() {
        return new Events();
    }

    public Stream<MessageEvent> stream() {
        return StreamSupport.stream(
                Spliterators.spliterator(
                        iterator(), count, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.SIZED),
                false);
    }

    private final class Events implements Iterator<MessageEvent> {
        private final TrafficSimulation simulation =
                new TrafficSimulation(settings, start, settings.eventTimeFor(count));
        private final OutOfOrderShuffle shuffle = new OutOfOrderShuffle(settings);
        private final ArrayDeque<MessageEvent> ready = new ArrayDeque<>();
        private long taken;

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && taken < count) {
                shuffle.accept(simulation.next(), ready::add);
                if (++taken == count) {
                    shuffle.drain(ready::add);
                }
            }
            return !ready.isEmpty();
        }

        @Override
        public MessageEvent next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.poll();
        }
    }
}
