package dev.rapport.prometheus;

import dev.rapport.kafka.EventPublisher;
import dev.rapport.schema.Direction;
import dev.rapport.schema.MessageEvent;
import dev.rapport.schema.Platform;
import dev.rapport.topology.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Live traffic for a running topology, timed by the wall clock: every tick each brand gets a new
 * question that is answered after a varied delay (some past the SLA, some past a 3 s response
 * horizon, some never) by one of three agents, now and then on another platform than the
 * question's; follow-ups, broadcasts that customers sometimes reply to, now and then an answer
 * timed before its question, an event too late for its window, and a record that is not an event
 * at all.
 */
final class LiveTraffic implements AutoCloseable {
    /** Within the 2 s SLA, past it but within a 3 s response horizon, past both, never. */
    private static final long[] REPLY_DELAYS_MS = {200, 700, 1_500, 2_500, 4_500, -1};
    /** Agents answer unevenly, so the busiest one's share is below 1 and above a third. */
    private static final String[] AGENTS = {"agent-1", "agent-1", "agent-2", "agent-3"};

    private static final Platform[] PLATFORMS = {Platform.TWITTER, Platform.INSTAGRAM};

    private final List<String> brands;
    private final EventPublisher publisher;
    private final KafkaProducer<String, byte[]> rawProducer;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Random random = new Random(42);
    private final AtomicLong ids = new AtomicLong();
    private long ticks;

    LiveTraffic(Properties clientProperties, Topics topics, List<String> brands) {
        this.brands = brands;
        this.publisher = new EventPublisher(clientProperties, topics.messages());
        this.rawProducer = new KafkaProducer<>(clientProperties, new StringSerializer(), new ByteArraySerializer());
    }

    LiveTraffic start() {
        scheduler.scheduleAtFixedRate(this::tick, 0, 250, TimeUnit.MILLISECONDS);
        return this;
    }

    private void tick() {
        long tick = ++ticks;
        for (String brand : brands) {
            Platform platform = PLATFORMS[random.nextInt(PLATFORMS.length)];
            String conversation = brand + "-c" + tick;
            MessageEvent question =
                    event(brand, platform, conversation, Direction.INBOUND, "customer-" + tick, null, now());
            send(question);
            long delay = REPLY_DELAYS_MS[random.nextInt(REPLY_DELAYS_MS.length)];
            if (delay >= 0) {
                scheduler.schedule(() -> answerAndFollowUp(question), delay, TimeUnit.MILLISECONDS);
            }
            if (tick % 3 == 0) {
                MessageEvent broadcast =
                        event(brand, platform, brand + "-news" + tick, Direction.OUTBOUND, brand, null, now());
                send(broadcast);
                if (random.nextBoolean()) {
                    scheduler.schedule(
                            () -> send(event(
                                    brand,
                                    platform,
                                    broadcast.getConversationId(),
                                    Direction.INBOUND,
                                    "customer-news" + tick,
                                    broadcast.getEventId(),
                                    now())),
                            300,
                            TimeUnit.MILLISECONDS);
                }
            }
        }
        String brand = brands.get((int) (tick % brands.size()));
        if (tick % 10 == 0) {
            rawProducer.send(new ProducerRecord<>(Topics.MESSAGES, "garbage-" + tick, new byte[] {7, 7, 7}));
        }
        if (tick % 10 == 5) {
            MessageEvent question = event(
                    brand, Platform.TWITTER, brand + "-skew" + tick, Direction.INBOUND, "customer-skew", null, now());
            send(question);
            send(reply(question, question.getOccurredAt().minusSeconds(1)));
        }
        if (tick % 10 == 7) {
            send(event(
                    brand,
                    Platform.TWITTER,
                    brand + "-late" + tick,
                    Direction.INBOUND,
                    "customer-late",
                    null,
                    now().minusSeconds(600)));
        }
    }

    private void answerAndFollowUp(MessageEvent question) {
        MessageEvent answer = reply(question, now());
        if (random.nextInt(5) == 0) {
            answer.setPlatform(question.getPlatform() == PLATFORMS[0] ? PLATFORMS[1] : PLATFORMS[0]);
        }
        send(answer);
        if (random.nextBoolean()) {
            MessageEvent followUp = event(
                    question.getBrandId(),
                    question.getPlatform(),
                    question.getConversationId(),
                    Direction.INBOUND,
                    question.getAuthorId(),
                    answer.getEventId(),
                    now());
            send(followUp);
            scheduler.schedule(() -> send(reply(followUp, now())), 300, TimeUnit.MILLISECONDS);
        }
    }

    private MessageEvent reply(MessageEvent to, Instant at) {
        return event(
                to.getBrandId(),
                to.getPlatform(),
                to.getConversationId(),
                Direction.OUTBOUND,
                to.getBrandId() + "-" + AGENTS[random.nextInt(AGENTS.length)],
                to.getEventId(),
                at);
    }

    private MessageEvent event(
            String brand,
            Platform platform,
            String conversation,
            Direction direction,
            String author,
            String inReplyTo,
            Instant at) {
        return MessageEvent.newBuilder()
                .setEventId("e" + ids.incrementAndGet())
                .setPlatform(platform)
                .setBrandId(brand)
                .setConversationId(conversation)
                .setDirection(direction)
                .setAuthorId(author)
                .setInReplyTo(inReplyTo)
                .setOccurredAt(at)
                .build();
    }

    private void send(MessageEvent event) {
        publisher.publish(List.of(event), sent -> {});
    }

    private static Instant now() {
        return Instant.now();
    }

    @Override
    public void close() throws InterruptedException {
        scheduler.shutdownNow();
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
        publisher.close();
        rawProducer.close();
    }
}
