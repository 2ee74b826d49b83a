package dev.rapport.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.Platform;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The {@code brand-deltas} repartition format: sums round-trip, and the one-delta records written
 * by releases before the combine (laid out here byte by byte, as that release wrote them) are
 * read as sums of one delta, so an upgrade counts what the old release left in the topic.
 */
class BrandDeltaSumSerdeTest {
    private final BrandDeltaSumSerde serde = new BrandDeltaSumSerde();

    @Test
    void sumsRoundTrip() {
        SplittableRandom random = new SplittableRandom(9);
        for (int round = 0; round < 100; round++) {
            BrandWindowAccumulator sum = new BrandWindowAccumulator();
            for (int i = random.nextInt(0, 50); i > 0; i--) {
                sum.add(RandomDeltas.next(random));
            }
            byte[] bytes = serde.serializer().serialize("t", sum);
            assertThat(bytes[0]).isEqualTo(BrandDeltaSumSerde.FORMAT);
            assertThat(stats(serde.deserializer().deserialize("t", bytes))).isEqualTo(stats(sum));
        }
    }

    @Test
    void readsTheLastOneDeltaFormat() {
        ByteBuffer old = ByteBuffer.allocate(200)
                .put((byte) 3).put((byte) Platform.INSTAGRAM.ordinal()).put((byte) 0b010) // outbound broadcast message
                .putInt(1)                                    // negative latencies
                .putInt(2).putLong(90_000).putLong(30_000)    // response latencies
                .putInt(1).putLong(90_000)                    // first responses
                .putInt(1).putInt(4)                          // depth level reached
                .putInt(0).putInt(2).putInt(0)                // waits opened, answered, abandoned
                .putInt(2).putLong(60_000).putLong(1_000);    // business-time latencies

        BrandWindowStats stats = stats(serde.deserializer().deserialize("t", trimmed(old)));

        assertThat(stats.getOutbound()).isEqualTo(1);
        assertThat(stats.getInbound()).isZero();
        assertThat(stats.getBroadcasts()).isEqualTo(1);
        assertThat(stats.getNegativeLatencies()).isEqualTo(1);
        assertThat(stats.getResponses()).isEqualTo(2);
        assertThat(stats.getResponseLatencyMaxMs()).isEqualTo(90_000);
        assertThat(stats.getFirstResponses()).isEqualTo(1);
        assertThat(stats.getDepthReached()).containsEntry("4", 1L);
        assertThat(stats.getWaitsAnsweredByPlatform()).containsEntry("INSTAGRAM", 2L);
        assertThat(stats.getBusinessResponseLatencyMaxMs()).isEqualTo(60_000);
    }

    @Test
    void readsTheFirstOneDeltaFormatWithoutWaitCounts() {
        ByteBuffer old = ByteBuffer.allocate(100)
                .put((byte) 1).put((byte) Platform.TWITTER.ordinal()).put((byte) 0b001) // inbound message
                .putInt(0).putInt(0).putInt(0).putInt(0);

        BrandWindowStats stats = stats(serde.deserializer().deserialize("t", trimmed(old)));

        assertThat(stats.getInbound()).isEqualTo(1);
        assertThat(stats.getWaitsOpenedByPlatform()).isEmpty();
        assertThat(stats.getBusinessResponseLatencyP50Ms()).isNull();
    }

    @Test
    void unreadableRecordsAreSerializationErrors() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[0]))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {7, 0, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("format 7");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {3, 0, 0, 0}))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {3, 99, 0, 0, 0, 0, 0}))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {BrandDeltaSumSerde.FORMAT, 3, -1}))
                .isInstanceOf(SerializationException.class);
    }

    private static byte[] trimmed(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.position()];
        buffer.flip().get(bytes);
        return bytes;
    }

    private static BrandWindowStats stats(BrandWindowAccumulator acc) {
        return acc.toStats("acme", 0, 60_000);
    }
}
