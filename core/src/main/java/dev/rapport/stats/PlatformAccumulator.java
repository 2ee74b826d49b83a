package dev.rapport.stats;

import dev.rapport.schema.PlatformStats;

/**
 * One platform's running totals inside a {@link BrandWindowAccumulator}. Messages count on their
 * own platform; answers and outcomes on the platform of the wait's opening message.
 */
final class PlatformAccumulator {
    long inbound;
    long outbound;
    long answeredInTime;
    long unanswered;
    long answeredWithinSla;
    final LatencySketch responses;

    PlatformAccumulator() {
        this(new LatencySketch());
    }

    PlatformAccumulator(LatencySketch responses) {
        this.responses = responses;
    }

    void merge(PlatformAccumulator other) {
        inbound += other.inbound;
        outbound += other.outbound;
        answeredInTime += other.answeredInTime;
        unanswered += other.unanswered;
        answeredWithinSla += other.answeredWithinSla;
        responses.mergeWith(other.responses);
    }

    PlatformStats toStats() {
        return PlatformStats.newBuilder()
                .setInbound(inbound)
                .setOutbound(outbound)
                .setResponses(responses.count())
                .setAnsweredInTime(answeredInTime)
                .setUnanswered(unanswered)
                .setAnsweredWithinSla(answeredWithinSla)
                .setResponseLatencyP50Ms(responses.quantile(0.50))
                .setResponseLatencyP90Ms(responses.quantile(0.90))
                .build();
    }

    /** Whether any count is non-zero: platforms without one are left out of the stats. */
    boolean hasCounts() {
        return inbound + outbound + answeredInTime + unanswered + answeredWithinSla > 0 || responses.count() > 0;
    }
}
