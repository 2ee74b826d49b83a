package dev.rapport.generator;

import java.time.Duration;

/**
 * What a run emitted.
 *
 * @param conversations conversations whose first message was emitted
 * @param brands distinct brands among the emitted events
 * @param elapsed how long the run took (on the run's clock for a paced run, real time for a batch)
 */
public record RunSummary(long events, long conversations, int brands, Duration elapsed) {}
