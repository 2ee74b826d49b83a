package dev.rapport.generator;

import java.util.random.RandomGenerator;

/**
 * When conversations start: a Poisson process whose rate swells and ebbs over a minute (bursts a
 * live dashboard can show) and is steered so the run emits about the configured events per second.
 *
 * <p>Events per conversation depend on the brands and on how far conversations have got, which no
 * formula gives, so the rate divides by the events per conversation seen so far, and corrects the
 * remaining drift of the cumulative count against its target within about {@link #CATCH_UP_MS}.
 */
final class ConversationStarts {
    private static final double WAVE_AMPLITUDE = 0.4;
    private static final double WAVE_PERIOD_MS = 60_000;
    private static final double CATCH_UP_MS = 20_000;
    /** A guess that holds until a few dozen conversations have shown the real figure. */
    private static final double PRIOR_EVENTS_PER_CONVERSATION = 3;

    private static final double PRIOR_WEIGHT = 30;
    private static final double MIN_CORRECTION = 0.2;
    private static final double MAX_CORRECTION = 3;

    private final RandomGenerator random;
    private final double originMs;
    private final double eventsPerMs;
    private final double phase;

    ConversationStarts(RandomGenerator random, long originMs, double eventsPerSecond) {
        this.random = random;
        this.originMs = originMs;
        this.eventsPerMs = eventsPerSecond / 1000;
        this.phase = random.nextDouble(2 * Math.PI);
    }

    /** The start after the one at {@code previousMs}, given what the run has produced so far. */
    double after(double previousMs, long eventsEmitted, long conversationsStarted) {
        double eventsPerConversation =
                (eventsEmitted + PRIOR_EVENTS_PER_CONVERSATION * PRIOR_WEIGHT) / (conversationsStarted + PRIOR_WEIGHT);
        double elapsed = previousMs - originMs;
        double lag = targetEvents(elapsed) - eventsEmitted;
        double correction = clamp(1 + lag / (eventsPerMs * CATCH_UP_MS));
        double startsPerMs = eventsPerMs * wave(elapsed) * correction / eventsPerConversation;
        return previousMs + random.nextExponential() / startsPerMs;
    }

    private double wave(double elapsedMs) {
        return 1 + WAVE_AMPLITUDE * Math.sin(2 * Math.PI * elapsedMs / WAVE_PERIOD_MS + phase);
    }

    /** The integral of the waved rate from the origin: whole periods contribute exactly rate × time. */
    private double targetEvents(double elapsedMs) {
        double omega = 2 * Math.PI / WAVE_PERIOD_MS;
        return eventsPerMs
                * (elapsedMs + WAVE_AMPLITUDE / omega * (Math.cos(phase) - Math.cos(omega * elapsedMs + phase)));
    }

    private static double clamp(double correction) {
        return Math.max(MIN_CORRECTION, Math.min(MAX_CORRECTION, correction));
    }
}
