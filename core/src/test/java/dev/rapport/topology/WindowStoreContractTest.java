package dev.rapport.topology;

import static dev.rapport.topology.Events.at;
import static dev.rapport.topology.Events.inbound;
import static dev.rapport.topology.Events.outbound;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.policy.Policy;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.stats.BrandWindowAccumulator;
import dev.rapport.stats.BrandWindowAccumulatorSerde;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The window store's changelog is the upgrade contract of {@code brand-window-stats}: a release
 * must restore what the previous one wrote, whichever store implementation writes it. The layout
 * is Kafka Streams' timestamped window store: key = brand UTF-8, window start (8 bytes), sequence
 * number 0 (4 bytes); value = the accumulator in {@link BrandWindowAccumulatorSerde}'s format;
 * record timestamp = the largest event time in the window (restored as the stored timestamp, and
 * what the broker's retention judges).
 */
class WindowStoreContractTest {
    @Test
    void changelogRecordsKeepTheTimestampedWindowStoreLayout() {
        try (TopologyHarness harness = new TopologyHarness()) {
            // The last event is not the latest: the record time must be the window's largest event time.
            harness.send(
                    inbound("c1", "q", "alice", 10, null),
                    outbound("c1", "a", 25, "q"),
                    inbound("c2", "early", "bob", 5, null));

            List<TestRecord<byte[], byte[]>> changelog = harness.changelog(EngagementTopology.WINDOW_STORE);
            assertThat(changelog).isNotEmpty();
            TestRecord<byte[], byte[]> last = changelog.get(changelog.size() - 1);

            assertThat(HexFormat.of().formatHex(last.key()))
                    .isEqualTo(""
                            + "41636d65537570706f7274" // "AcmeSupport"
                            + "0000015f71df9900" // window start 2017-10-31T10:00:00Z
                            + "00000000"); // sequence number 0
            ByteBuffer key = ByteBuffer.wrap(last.key());
            byte[] brand = new byte[key.remaining() - 12];
            key.get(brand);
            assertThat(new String(brand, StandardCharsets.UTF_8)).isEqualTo(Events.BRAND);
            assertThat(key.getLong()).isEqualTo(at(0));
            assertThat(key.getInt()).isZero();
            assertThat(last.getRecordTime().toEpochMilli()).isEqualTo(at(25));

            BrandWindowAccumulator acc =
                    new BrandWindowAccumulatorSerde().deserializer().deserialize("", last.value());
            BrandWindowStats stats = acc.toStats(Events.BRAND, at(0), at(60));
            assertThat(stats.getInbound()).isEqualTo(2);
            assertThat(stats.getOutbound()).isEqualTo(1);
            assertThat(stats.getResponseLatencyMaxMs()).isEqualTo(15 * 60_000L);
            // brand-stats-records stamps the brand's policy on the way out; the store holds counts only.
            stats.setSlaMillis(Duration.ofHours(1).toMillis());
            stats.setPolicyRevision(Policy.DEFAULT_REVISION);
            assertThat(harness.window(Events.BRAND, at(0))).isEqualTo(stats);
        }
    }
}
