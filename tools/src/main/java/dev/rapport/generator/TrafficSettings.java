package dev.rapport.generator;

import java.time.Duration;

/**
 * What to simulate. Same settings (seed included) and same start time give the same events.
 *
 * @param seed seeds every random decision
 * @param mode the brands to simulate
 * @param eventsPerSecond events per second of event time: the wall-clock rate of a paced run, the
 *     density of occurredAt in a batch run
 * @param zipfBrands how many brands the zipf mode simulates
 * @param zipfExponent how skewed brand sizes are in zipf mode: brand of rank k gets weight 1/k^exponent
 * @param outOfOrderFraction share of events emitted after an event that happened later than them
 * @param repliesMayPrecedeParents lets a delayed event be overtaken by a reply to it, so the reply
 *     arrives before its parent; off, a delayed event is released just before any reply to it
 * @param fadeAfter fraction of the planned run after which the fading persona loses interest
 * @param maxOpenConversations conversations that may be open at once; while at the cap, new
 *     conversations are not started (it bounds the generator's memory, not the traffic's shape)
 */
public record TrafficSettings(
        long seed,
        TrafficMode mode,
        double eventsPerSecond,
        int zipfBrands,
        double zipfExponent,
        double outOfOrderFraction,
        boolean repliesMayPrecedeParents,
        double fadeAfter,
        int maxOpenConversations) {

    public static final double DEFAULT_EVENTS_PER_SECOND = 1_000;
    public static final int DEFAULT_ZIPF_BRANDS = 300;
    public static final double DEFAULT_ZIPF_EXPONENT = 1.1;
    public static final double DEFAULT_ZIPF_OUT_OF_ORDER = 0.03;
    public static final double DEFAULT_FADE_AFTER = 0.5;
    public static final int DEFAULT_MAX_OPEN_CONVERSATIONS = 100_000;

    public TrafficSettings {
        if (mode == null) {
            throw new IllegalArgumentException("mode is missing");
        }
        if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException("events per second must be positive, got " + eventsPerSecond);
        }
        if (zipfBrands < 1) {
            throw new IllegalArgumentException("zipf brands must be at least 1, got " + zipfBrands);
        }
        if (!(zipfExponent > 0)) {
            throw new IllegalArgumentException("zipf exponent must be positive, got " + zipfExponent);
        }
        if (!(outOfOrderFraction >= 0 && outOfOrderFraction <= 1)) {
            throw new IllegalArgumentException(
                    "out-of-order fraction must be between 0 and 1, got " + outOfOrderFraction);
        }
        if (!(fadeAfter >= 0 && fadeAfter <= 1)) {
            throw new IllegalArgumentException("fade-after fraction must be between 0 and 1, got " + fadeAfter);
        }
        if (maxOpenConversations < 1) {
            throw new IllegalArgumentException(
                    "max open conversations must be at least 1, got " + maxOpenConversations);
        }
    }

    /** The personas, in order; live demos want them this way. */
    public static TrafficSettings personas(long seed) {
        return new TrafficSettings(
                seed,
                TrafficMode.PERSONAS,
                DEFAULT_EVENTS_PER_SECOND,
                DEFAULT_ZIPF_BRANDS,
                DEFAULT_ZIPF_EXPONENT,
                0,
                false,
                DEFAULT_FADE_AFTER,
                DEFAULT_MAX_OPEN_CONVERSATIONS);
    }

    /** Zipf-sized brands with {@value #DEFAULT_ZIPF_OUT_OF_ORDER} of events out of order: what a benchmark needs. */
    public static TrafficSettings zipf(long seed) {
        return new TrafficSettings(
                seed,
                TrafficMode.ZIPF,
                DEFAULT_EVENTS_PER_SECOND,
                DEFAULT_ZIPF_BRANDS,
                DEFAULT_ZIPF_EXPONENT,
                DEFAULT_ZIPF_OUT_OF_ORDER,
                false,
                DEFAULT_FADE_AFTER,
                DEFAULT_MAX_OPEN_CONVERSATIONS);
    }

    public static TrafficSettings of(TrafficMode mode, long seed) {
        return mode == TrafficMode.ZIPF ? zipf(seed) : personas(seed);
    }

    /** How much event time {@code events} events cover at the nominal rate. */
    public Duration eventTimeFor(long events) {
        return Duration.ofMillis(Math.round(events * 1000 / eventsPerSecond));
    }

    public TrafficSettings withEventsPerSecond(double value) {
        return new TrafficSettings(
                seed,
                mode,
                value,
                zipfBrands,
                zipfExponent,
                outOfOrderFraction,
                repliesMayPrecedeParents,
                fadeAfter,
                maxOpenConversations);
    }

    public TrafficSettings withZipfBrands(int value) {
        return new TrafficSettings(
                seed,
                mode,
                eventsPerSecond,
                value,
                zipfExponent,
                outOfOrderFraction,
                repliesMayPrecedeParents,
                fadeAfter,
                maxOpenConversations);
    }

    public TrafficSettings withOutOfOrderFraction(double value) {
        return new TrafficSettings(
                seed,
                mode,
                eventsPerSecond,
                zipfBrands,
                zipfExponent,
                value,
                repliesMayPrecedeParents,
                fadeAfter,
                maxOpenConversations);
    }

    public TrafficSettings withRepliesMayPrecedeParents(boolean value) {
        return new TrafficSettings(
                seed,
                mode,
                eventsPerSecond,
                zipfBrands,
                zipfExponent,
                outOfOrderFraction,
                value,
                fadeAfter,
                maxOpenConversations);
    }

    public TrafficSettings withFadeAfter(double value) {
        return new TrafficSettings(
                seed,
                mode,
                eventsPerSecond,
                zipfBrands,
                zipfExponent,
                outOfOrderFraction,
                repliesMayPrecedeParents,
                value,
                maxOpenConversations);
    }

    public TrafficSettings withMaxOpenConversations(int value) {
        return new TrafficSettings(
                seed,
                mode,
                eventsPerSecond,
                zipfBrands,
                zipfExponent,
                outOfOrderFraction,
                repliesMayPrecedeParents,
                fadeAfter,
                value);
    }
}
