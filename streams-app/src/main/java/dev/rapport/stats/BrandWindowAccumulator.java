package dev.rapport.stats;

import dev.rapport.schema.BrandWindowStats;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** The running totals of one (brand, window); turned into {@link BrandWindowStats} on output. */
public final class BrandWindowAccumulator {
    long inbound;
    long outbound;
    long broadcasts;
    long negativeLatencies;
    final LatencySketch responses;
    final LatencySketch firstResponses;
    final TreeMap<Integer, Long> depthReached;

    public BrandWindowAccumulator() {
        this(new LatencySketch(), new LatencySketch(), new TreeMap<>());
    }

    BrandWindowAccumulator(LatencySketch responses, LatencySketch firstResponses, TreeMap<Integer, Long> depthReached) {
        this.responses = responses;
        this.firstResponses = firstResponses;
        this.depthReached = depthReached;
    }

    public BrandWindowAccumulator add(BrandDelta delta) {
        if (delta.inbound()) {
            inbound++;
        } else {
            outbound++;
        }
        if (delta.broadcast()) {
            broadcasts++;
        }
        for (long latency : delta.responseLatencies()) {
            responses.add(latency);
        }
        for (long latency : delta.firstResponseLatencies()) {
            firstResponses.add(latency);
        }
        for (int level : delta.depthLevelsReached()) {
            depthReached.merge(level, 1L, Long::sum);
        }
        negativeLatencies += delta.negativeLatencies();
        return this;
    }

    public BrandWindowStats toStats(String brandId, long windowStart, long windowEnd) {
        Map<String, Long> depth = new TreeMap<>();
        depthReached.forEach((level, count) -> depth.put(Integer.toString(level), count));
        return BrandWindowStats.newBuilder()
                .setBrandId(brandId)
                .setWindowStart(Instant.ofEpochMilli(windowStart))
                .setWindowEnd(Instant.ofEpochMilli(windowEnd))
                .setInbound(inbound)
                .setOutbound(outbound)
                .setBroadcasts(broadcasts)
                .setResponses(responses.count())
                .setResponseLatencyP50Ms(responses.quantile(0.50))
                .setResponseLatencyP90Ms(responses.quantile(0.90))
                .setResponseLatencyP99Ms(responses.quantile(0.99))
                .setResponseLatencyMaxMs(responses.max())
                .setFirstResponses(firstResponses.count())
                .setFirstResponseP50Ms(firstResponses.quantile(0.50))
                .setFirstResponseP90Ms(firstResponses.quantile(0.90))
                .setDepthReached(depth)
                .setNegativeLatencies(negativeLatencies)
                .build();
    }
}
