package dev.rapport.stats;

import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.Platform;
import dev.rapport.schema.PlatformStats;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
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

    final DepthCounts depthReached;
    final EnumMap<Platform, Long> waitsOpened;
    final EnumMap<Platform, Long> waitsAnswered;
    long answeredInTime;
    long unanswered;
    long answeredWithinSla;
    long broadcastsEngaged;
    long answeredOnOtherPlatform;
    /** Author of OUTBOUND events to their count: a brand's responders are few, a map per window is small. */
    final HashMap<String, Long> responders;

    final EnumMap<Platform, PlatformAccumulator> platforms;

    public BrandWindowAccumulator() {
        this(
                new LatencySketch(),
                new LatencySketch(),
                new LatencySketch(),
                new DepthCounts(),
                new EnumMap<>(Platform.class),
                new EnumMap<>(Platform.class),
                new HashMap<>(),
                new EnumMap<>(Platform.class));
    }

    BrandWindowAccumulator(
            LatencySketch responses,
            LatencySketch firstResponses,
            LatencySketch businessResponses,
            DepthCounts depthReached,
            EnumMap<Platform, Long> waitsOpened,
            EnumMap<Platform, Long> waitsAnswered,
            HashMap<String, Long> responders,
            EnumMap<Platform, PlatformAccumulator> platforms) {
        this.responses = responses;
        this.firstResponses = firstResponses;
        this.businessResponses = businessResponses;
        this.depthReached = depthReached;
        this.waitsOpened = waitsOpened;
        this.waitsAnswered = waitsAnswered;
        this.responders = responders;
        this.platforms = platforms;
    }

    private PlatformAccumulator platform(Platform platform) {
        return platforms.computeIfAbsent(platform, p -> new PlatformAccumulator());
    }

    public BrandWindowAccumulator add(BrandDelta delta) {
        if (delta.message() && delta.inbound()) {
            inbound++;
            platform(delta.platform()).inbound++;
        } else if (delta.message()) {
            outbound++;
            platform(delta.platform()).outbound++;
        }
        if (delta.responder() != null) {
            responders.merge(delta.responder(), 1L, Long::sum);
        }
        if (delta.broadcastEngaged()) {
            broadcastsEngaged++;
        }
        for (WaitResult result : delta.waitResults()) {
            add(result);
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
            depthReached.add(level, 1);
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

    private void add(WaitResult result) {
        PlatformAccumulator platform = platform(result.waitPlatform());
        switch (result.outcome()) {
            case ANSWERED_IN_TIME -> {
                answeredInTime++;
                platform.answeredInTime++;
            }
            case UNANSWERED -> {
                unanswered++;
                platform.unanswered++;
            }
            case NONE -> {}
        }
        if (result.withinSla()) {
            answeredWithinSla++;
            platform.answeredWithinSla++;
        }
        if (result.otherPlatform()) {
            answeredOnOtherPlatform++;
        }
        if (result.hasSample()) {
            platform.responses.add(result.latencyMs());
        }
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
        depthReached.addAll(other.depthReached);
        other.waitsOpened.forEach((platform, count) -> waitsOpened.merge(platform, count, Long::sum));
        other.waitsAnswered.forEach((platform, count) -> waitsAnswered.merge(platform, count, Long::sum));
        answeredInTime += other.answeredInTime;
        unanswered += other.unanswered;
        answeredWithinSla += other.answeredWithinSla;
        broadcastsEngaged += other.broadcastsEngaged;
        answeredOnOtherPlatform += other.answeredOnOtherPlatform;
        other.responders.forEach((author, count) -> responders.merge(author, count, Long::sum));
        other.platforms.forEach((platform, counts) -> platform(platform).merge(counts));
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
        long decided = answeredInTime + unanswered;
        long topResponder =
                responders.values().stream().mapToLong(Long::longValue).max().orElse(0);
        Map<String, PlatformStats> byPlatform = new TreeMap<>();
        platforms.forEach((platform, counts) -> {
            if (counts.hasCounts()) {
                byPlatform.put(platform.name(), counts.toStats());
            }
        });
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
                .setAnsweredInTime(answeredInTime)
                .setUnanswered(unanswered)
                .setAnsweredWithinSla(answeredWithinSla)
                .setResponseRate(decided == 0 ? null : (double) answeredInTime / decided)
                .setSlaAttainment(decided == 0 ? null : (double) answeredWithinSla / decided)
                .setBroadcastsEngaged(broadcastsEngaged)
                .setResponders((long) responders.size())
                .setTopResponderShare(outbound == 0 ? null : (double) topResponder / outbound)
                .setAnsweredOnOtherPlatform(answeredOnOtherPlatform)
                .setByPlatform(byPlatform)
                .build();
    }

    private static Map<String, Long> byName(EnumMap<Platform, Long> counts) {
        Map<String, Long> named = new TreeMap<>();
        counts.forEach((platform, count) -> named.put(platform.name(), count));
        return named;
    }
}
