package dev.rapport.replay;

import java.time.Duration;

/** What a replay did, for the summary. */
public record ReplayResult(int events, int brands, int windows, int alerts, long breaches,
                           Duration wallTime, long brokerStartupMillis) {}
