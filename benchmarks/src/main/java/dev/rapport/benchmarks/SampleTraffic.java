package dev.rapport.benchmarks;

import dev.rapport.policy.AlertThresholds;
import dev.rapport.policy.Policy;
import java.time.Duration;
import java.util.Optional;

import dev.rapport.generator.GeneratorRun;
import dev.rapport.generator.TrafficSettings;
import dev.rapport.schema.MessageEvent;
import java.time.Instant;
import java.util.List;

/** The benchmarks' input: zipf traffic, the same the bench command uses, fixed seed. */
final class SampleTraffic {
    /** The default policy: 1 h SLA, 24 h response horizon, default thresholds, no business hours. */
    static final Policy POLICY = new Policy(Duration.ofHours(1), Duration.ofHours(24), AlertThresholds.defaults(),
            Optional.empty(), Policy.DEFAULT_REVISION);

    static final int EVENTS = 100_000;

    private SampleTraffic() {}

    static List<MessageEvent> events() {
        return GeneratorRun.batch(TrafficSettings.zipf(1), EVENTS, Instant.parse("2026-01-01T00:00:00Z")).stream().toList();
    }
}
