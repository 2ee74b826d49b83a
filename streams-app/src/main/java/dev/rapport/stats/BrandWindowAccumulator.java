package dev.rapport.stats;

import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.Platform;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** The running totals of one (brand, window); turned into {@link BrandWindowStats} on output. */
public final class BrandWindowAccumulator {
    long inbound;
    long outbound;
    long broadcasts;
    long negativeLatencies;
    long abandonedWaits;
    final LatencySketch responses;
    final LatencySketch firstResponses;
    /** Only brands with business hours add samples here; empty otherwise. */
    final LatencySketch businessResponses;
    final TreeMap<Integer, Long> depthReached;
    final EnumMap<Platform, Long> waitsOpened;
    final EnumMap<Platform, Long> waitsAnswered;

    public BrandWindowAccumulator() {
        this(new LatencySketch(), new LatencySketch(), new LatencySketch(), new TreeMap<>(),
                new EnumMap<>(Platform.class), new EnumMap<>(Platform.class));
    }

    BrandWindowAccumulator(LatencySketch responses, LatencySketch firstResponses, LatencySketch businessResponses,
                           TreeMap<Integer, Long> depthReached, EnumMap<Platform, Long> waitsOpened,
                           EnumMap<Platform, Long> waitsAnswered) {
        this.responses = responses;
        this.firstResponses = firstResponses;
        this.businessResponses = businessResponses;
        this.depthReached = depthReached;
        this.waitsOpened = waitsOpened;
        this.waitsAnswered = waitsAnswered;
    }

    public BrandWindowAccumulator add(BrandDelta delta) {
        if (delta.message() && delta.inbound()) {
            inbound++;
        } else if (delta.message()) {
            outbound++;
        }
        abandonedWaits += delta.abandonedWaits();
        if (delta.broadcast()) {
            broadcasts++;
        }
        for (long latency : delta.responseLatencies()) {
            responses.add(latency);
        }
        for (long latency : delta.firstResponseLatencies()) {
            firstResponses.add(latency);
        }
        for (long latency : delta.businessResponseLatencies()) {
            businessResponses.add(latency);
        }
        for (int level : delta.depthLevelsReached()) {
            depthReached.merge(level, 1L, Long::sum);
        }
        negativeLatencies += delta.negativeLatencies();
        if (delta.waitsOpened() > 0) {
            waitsOpened.merge(delta.platform(), (long) delta.waitsOpened(), Long::sum);
        }
        if (delta.waitsAnswered() > 0) {
            waitsAnswered.merge(delta.platform(), (long) delta.waitsAnswered(), Long::sum);
        }
        return this;
    }

    /**
     * Adds another accumulator of the same brand and window, as if its deltas had been added here
     * one by one: counts add up and sketches merge bin by bin, so quantiles come out the same.
     */
    public BrandWindowAccumulator merge(BrandWindowAccumulator other) {
        inbound += other.inbound;
        outbound += other.outbound;
        broadcasts += other.broadcasts;
        negativeLatencies += other.negativeLatencies;
        abandonedWaits += other.abandonedWaits;
        responses.mergeWith(other.responses);
        firstResponses.mergeWith(other.firstResponses);
        businessResponses.mergeWith(other.businessResponses);
        other.depthReached.forEach((level, count) -> depthReached.merge(level, count, Long::sum));
        other.waitsOpened.forEach((platform, count) -> waitsOpened.merge(platform, count, Long::sum));
        other.waitsAnswered.forEach((platform, count) -> waitsAnswered.merge(platform, count, Long::sum));
        return this;
    }

    /** Messages counted here, inbound and outbound. */
    public long messages() {
        return inbound + outbound;
    }

    public BrandWindowStats toStats(String brandId, long windowStart, long windowEnd) {
        Map<String, Long> depth = new TreeMap<>();
        depthReached.forEach((level, count) -> depth.put(Integer.toString(level), count));
        boolean business = businessResponses.count() > 0;
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
                .setAbandonedWaits(abandonedWaits)
                .setWaitsOpenedByPlatform(byName(waitsOpened))
                .setWaitsAnsweredByPlatform(byName(waitsAnswered))
                .setBusinessResponseLatencyP50Ms(business ? businessResponses.quantile(0.50) : null)
                .setBusinessResponseLatencyP90Ms(business ? businessResponses.quantile(0.90) : null)
                .setBusinessResponseLatencyP99Ms(business ? businessResponses.quantile(0.99) : null)
                .setBusinessResponseLatencyMaxMs(business ? businessResponses.max() : null)
                .build();
    }

    private static Map<String, Long> byName(EnumMap<Platform, Long> counts) {
        Map<String, Long> named = new TreeMap<>();
        counts.forEach((platform, count) -> named.put(platform.name(), count));
        return named;
    }
}
