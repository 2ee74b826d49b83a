package dev.rapport.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.config.RapportConfig;
import dev.rapport.generator.GeneratorRun;
import dev.rapport.generator.Persona;
import dev.rapport.generator.TrafficSettings;
import dev.rapport.schema.AlertStatus;
import dev.rapport.schema.AlertType;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.Direction;
import dev.rapport.schema.EngagementAlert;
import dev.rapport.schema.MessageEvent;
import dev.rapport.schema.Platform;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thirty simulated minutes of persona traffic through the real topology: each persona must move
 * the metric it exists for, against the other personas. One 1-hour window covers the whole run
 * (figures for the run); 10-minute windows split it in thirds (the fading persona's drop); a third
 * run moves event time past the response horizon of every wait the traffic opened, so each one
 * has its outcome (response rates).
 */
class PersonaTrafficTest {
    private static final Logger LOG = LoggerFactory.getLogger(PersonaTrafficTest.class);
    /** Before the harness's wall clock, so no event is dead-lettered as coming from the future. */
    private static final Instant START = Instant.parse("2026-11-23T09:00:00Z");

    private static final double EVENTS_PER_SECOND = 15;
    private static final Duration RUN = Duration.ofMinutes(30);
    private static final Duration SLA = Duration.ofMinutes(15);
    private static final Duration THIRD = RUN.dividedBy(3);
    private static final Duration HORIZON = Duration.ofMinutes(20);

    private static List<MessageEvent> events;
    private static TopologyHarness wholeRun;
    private static TopologyHarness thirds;
    private static TopologyHarness everyWaitDecided;

    @BeforeAll
    static void runPersonaTraffic() {
        long count = Math.round(EVENTS_PER_SECOND * RUN.toSeconds());
        events =
                GeneratorRun.batch(TrafficSettings.personas(42).withEventsPerSecond(EVENTS_PER_SECOND), count, START)
                        .stream()
                        .toList();
        long end = events.get(events.size() - 1).getOccurredAt().toEpochMilli();
        wholeRun = new TopologyHarness(Duration.ofHours(1), SLA);
        thirds = new TopologyHarness(THIRD, SLA);
        for (TopologyHarness harness : List.of(wholeRun, thirds)) {
            events.forEach(harness::send);
            harness.watermark(end);
        }
        // Event time, not the harness's wall clock (hours after the run), decides the outcomes.
        everyWaitDecided = new TopologyHarness(EngagementSettings.from(RapportConfig.defaults()
                .with(Map.of(
                        "window",
                        "1h",
                        "sla",
                        SLA.toMinutes() + "m",
                        "response.horizon",
                        HORIZON.toMinutes() + "m",
                        "sla.clock",
                        "event"))));
        // Only the brands compared on outcomes: all six would add a third full pass to the class.
        Set<String> comparedOnOutcomes = Set.of(Persona.SELECTIVE.brandId(), Persona.ATTENTIVE.brandId());
        events.stream().filter(e -> comparedOnOutcomes.contains(e.getBrandId())).forEach(everyWaitDecided::send);
        everyWaitDecided.watermark(end + HORIZON.toMillis());
        assertThat(wholeRun.deadLetters()).isEmpty();
    }

    @AfterAll
    static void close() {
        wholeRun.close();
        thirds.close();
        everyWaitDecided.close();
    }

    @Test
    void attentiveAnswersFasterThanSlow() {
        long attentive = run(Persona.ATTENTIVE).getResponseLatencyP90Ms();
        long slow = run(Persona.SLOW).getResponseLatencyP90Ms();
        report("p90 response latency: attentive %d s, slow %d s", attentive / 1000, slow / 1000);
        assertThat(attentive).isLessThan(slow);
        assertThat(attentive).isLessThan(Duration.ofMinutes(3).toMillis());
        assertThat(slow).isGreaterThan(SLA.toMillis());
    }

    @Test
    void slowHasTheMostSlaBreaches() {
        Map<String, Long> breaches = wholeRun.alerts().stream()
                .filter(a -> a.getType() == AlertType.SLA_BREACH && a.getStatus() == AlertStatus.FIRING)
                .collect(Collectors.groupingBy(EngagementAlert::getBrandId, Collectors.counting()));
        report("SLA breaches (15 min): %s", breaches);
        assertThat(breaches).containsKey(Persona.SLOW.brandId());
        long slow = breaches.get(Persona.SLOW.brandId());
        breaches.forEach((brand, count) -> {
            if (!brand.equals(Persona.SLOW.brandId())) {
                assertThat(count).as(brand).isLessThan(slow);
            }
        });
        assertThat(breaches.getOrDefault(Persona.ATTENTIVE.brandId(), 0L)).isLessThan(slow / 4);
    }

    @Test
    void broadcasterMostlyBroadcasts() {
        BrandWindowStats broadcaster = run(Persona.BROADCASTER);
        double broadcastShare = (double) broadcaster.getBroadcasts() / broadcaster.getOutbound();
        report("broadcaster: broadcasts/outbound %.2f; outbound share %s", broadcastShare, outboundShares());
        assertThat(broadcastShare).isGreaterThan(0.7);
        assertThat(outboundShare(broadcaster)).isGreaterThan(0.7);
        for (Persona other : Persona.values()) {
            if (other != Persona.BROADCASTER) {
                assertThat(outboundShare(run(other))).as(other.brandId()).isLessThan(outboundShare(broadcaster));
            }
        }
    }

    /** The stats have no platform split, so this one is measured on the events themselves. */
    @Test
    void channelGapLeavesInstagramAndWhatsappUnanswered() {
        Map<Platform, Double> answered = answeredShareOfCustomers(Persona.CHANNEL_GAP.brandId());
        report("channel-gap answered share of customers by platform: %s", answered);
        assertThat(answered.get(Platform.TWITTER)).isGreaterThan(0.8);
        assertThat(answered.get(Platform.INSTAGRAM)).isLessThan(answered.get(Platform.TWITTER) / 4);
        assertThat(answered.get(Platform.WHATSAPP)).isLessThan(answered.get(Platform.TWITTER) / 4);
    }

    @Test
    void fadingLosesDeepConversationsAfterTheFadePoint() {
        long first = deepConversations(thirds.window(Persona.FADING.brandId(), START.toEpochMilli()));
        long last = deepConversations(thirds.window(
                Persona.FADING.brandId(), START.plus(THIRD.multipliedBy(2)).toEpochMilli()));
        report("fading: conversations reaching depth 3, first third %d, last third %d", first, last);
        assertThat(first).isGreaterThan(50);
        assertThat(last).isLessThan(first / 2);
    }

    @Test
    void attentiveHasTheMostDeepConversations() {
        Map<String, Long> deep = new HashMap<>();
        for (Persona persona : Persona.values()) {
            deep.put(persona.brandId(), deepConversations(run(persona)));
        }
        report("conversations reaching depth 3 over the run: %s", deep);
        long attentive = deep.get(Persona.ATTENTIVE.brandId());
        deep.forEach((brand, count) -> {
            if (!brand.equals(Persona.ATTENTIVE.brandId())) {
                assertThat(count).as(brand).isLessThan(attentive);
            }
        });
    }

    @Test
    void selectiveAnswersAsFastAsTheAttentiveButLeavesHalfItsCustomersUnanswered() {
        BrandWindowStats selective = run(Persona.SELECTIVE);
        double selectiveRate = decided(Persona.SELECTIVE).getResponseRate();
        double attentiveRate = decided(Persona.ATTENTIVE).getResponseRate();
        report(
                "selective: p50 %d s, p90 %d s; response rate %.2f of %d waits (attentive %.2f)",
                selective.getResponseLatencyP50Ms() / 1000,
                selective.getResponseLatencyP90Ms() / 1000,
                selectiveRate,
                waitsDecided(decided(Persona.SELECTIVE)),
                attentiveRate);
        assertThat(selective.getResponseLatencyP50Ms())
                .isLessThan(Duration.ofMinutes(1).toMillis());
        assertThat(selective.getResponseLatencyP90Ms())
                .isLessThan(Duration.ofMinutes(3).toMillis());
        assertThat(selectiveRate).isBetween(0.35, 0.65);
        assertThat(attentiveRate).isGreaterThan(0.9);
    }

    private static BrandWindowStats decided(Persona persona) {
        BrandWindowStats stats = everyWaitDecided.window(persona.brandId(), START.toEpochMilli());
        assertThat(stats).as(persona.brandId()).isNotNull();
        return stats;
    }

    private static long waitsDecided(BrandWindowStats stats) {
        return stats.getAnsweredInTime() + stats.getUnanswered();
    }

    private static BrandWindowStats run(Persona persona) {
        BrandWindowStats stats = wholeRun.window(persona.brandId(), START.toEpochMilli());
        assertThat(stats).as(persona.brandId()).isNotNull();
        return stats;
    }

    private static long deepConversations(BrandWindowStats stats) {
        return stats == null ? 0 : stats.getDepthReached().getOrDefault("3", 0L);
    }

    private static double outboundShare(BrandWindowStats stats) {
        return (double) stats.getOutbound() / (stats.getOutbound() + stats.getInbound());
    }

    private static String outboundShares() {
        return Arrays.stream(Persona.values())
                .map(p -> String.format("%s %.2f", p.brandId(), outboundShare(run(p))))
                .collect(Collectors.joining(", "));
    }

    /** Per platform: of the customers who wrote in a conversation, the share the brand answered there at least once. */
    private static Map<Platform, Double> answeredShareOfCustomers(String brand) {
        Map<String, MessageEvent> byId = new HashMap<>();
        Set<String> customers = new HashSet<>();
        Set<String> answered = new HashSet<>();
        Map<Platform, int[]> counts = new EnumMap<>(Platform.class);
        for (MessageEvent e : events) {
            byId.put(e.getEventId(), e);
            if (!e.getBrandId().equals(brand)) {
                continue;
            }
            if (e.getDirection() == Direction.INBOUND && customers.add(e.getConversationId() + "/" + e.getAuthorId())) {
                counts.computeIfAbsent(e.getPlatform(), p -> new int[2])[0]++;
            }
            MessageEvent parent = e.getInReplyTo() == null ? null : byId.get(e.getInReplyTo());
            if (e.getDirection() == Direction.OUTBOUND
                    && parent != null
                    && parent.getDirection() == Direction.INBOUND
                    && answered.add(e.getConversationId() + "/" + parent.getAuthorId())) {
                counts.get(e.getPlatform())[1]++;
            }
        }
        Map<Platform, Double> shares = new EnumMap<>(Platform.class);
        counts.forEach((platform, c) -> shares.put(platform, (double) c[1] / c[0]));
        return shares;
    }

    private static void report(String format, Object... args) {
        LOG.info(String.format(format, args));
    }
}
