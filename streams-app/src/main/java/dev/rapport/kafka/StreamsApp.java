package dev.rapport.kafka;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * The Kafka Streams application's lifecycle: start, wait until running, surface a fatal error
 * instead of hanging, close. A stream thread that dies shuts the client down; the error is kept
 * so callers can report it.
 */
public final class StreamsApp implements AutoCloseable {
    private final KafkaStreams streams;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch running = new CountDownLatch(1);

    public StreamsApp(Topology topology, Properties properties) {
        streams = new KafkaStreams(topology, properties);
        streams.setUncaughtExceptionHandler(e -> {
            failure.compareAndSet(null, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
    }

    public StreamsApp start(Duration timeout) {
        streams.start();
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!running.await(200, TimeUnit.MILLISECONDS)) {
                checkHealthy();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka Streams did not reach RUNNING within " + timeout + " (state "
                            + streams.state() + ")");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Kafka Streams", e);
        }
        return this;
    }

    /** Throws if the application failed or stopped on its own. */
    public void checkHealthy() {
        Throwable error = failure.get();
        if (error != null) {
            throw new IllegalStateException("Kafka Streams failed: " + rootMessage(error), error);
        }
        KafkaStreams.State state = streams.state();
        if (state == KafkaStreams.State.ERROR
                || state == KafkaStreams.State.NOT_RUNNING
                || state == KafkaStreams.State.PENDING_ERROR) {
            throw new IllegalStateException("Kafka Streams stopped (state " + state + ")");
        }
    }

    public KafkaStreams streams() {
        return streams;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (cause: " + root + ")";
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
