package dev.rapport.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.alert.BrandAlertState.Firing;
import dev.rapport.schema.AlertType;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The bytes of {@code brand-alert-state} and its changelog are a contract: a release must restore
 * what the previous one wrote. The sample's bytes are written out below; if this test fails, the
 * format changed, and the change needs a new format byte and a reader for this one, not new
 * expected bytes.
 */
class BrandAlertStateSerdeTest {
    private static final String SAMPLE_BYTES = ""
            + "01" // format 1
            + "0000018bcfeae640" // next window start 1_700_000_360_000
            + "4004000000000000" // baseline 2.5
            + "00000007" // 7 baseline windows
            + "00000002" // 2 firing alerts
            + "0014" + "4348414e4e454c5f4741503a5748415453415050" // "CHANNEL_GAP:WHATSAPP"
            + "0027" + "4348414e4e454c5f4741503a57484154534150503a61636d653a31373030303030303030303030" // its alert id
            + "0000018bcfe56800" // fired in the window of 1_700_000_000_000
            + "0010" + "4c4154454e43595f4445475241444544" // "LATENCY_DEGRADED"
            + "0023" + "4c4154454e43595f44454752414445443a61636d653a31373030303030333030303030" // its alert id
            + "0000018bcfe9fbe0"; // fired in the window of 1_700_000_300_000

    @Test
    void theSampleIsEncodedAsItsPinnedBytes() {
        assertThat(HexFormat.of().formatHex(BrandAlertStateSerde.encode(sample())))
                .isEqualTo(SAMPLE_BYTES);
    }

    @Test
    void thePinnedBytesDecodeToTheSample() {
        BrandAlertState decoded = BrandAlertStateSerde.decode(HexFormat.of().parseHex(SAMPLE_BYTES));
        BrandAlertState expected = sample();
        assertThat(decoded.nextWindowStart()).isEqualTo(expected.nextWindowStart());
        assertThat(decoded.baseline()).isEqualTo(expected.baseline());
        assertThat(decoded.baselineWindows()).isEqualTo(expected.baselineWindows());
        assertThat(decoded.firing).containsExactlyEntriesOf(expected.firing);
        assertThat(decoded.firingByType()).isEqualTo(Map.of(AlertType.CHANNEL_GAP, 1, AlertType.LATENCY_DEGRADED, 1));
    }

    @Test
    void unreadableBytesAreSerializationErrors() {
        byte[] bytes = HexFormat.of().parseHex(SAMPLE_BYTES);
        assertThatThrownBy(() -> BrandAlertStateSerde.decode(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(SerializationException.class);
        bytes[0] = 2;
        assertThatThrownBy(() -> BrandAlertStateSerde.decode(bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("format 2");
    }

    /** A per-platform condition key and a brand-wide one. */
    private static BrandAlertState sample() {
        TreeMap<String, Firing> firing = new TreeMap<>();
        firing.put("CHANNEL_GAP:WHATSAPP", new Firing("CHANNEL_GAP:WHATSAPP:acme:1700000000000", 1_700_000_000_000L));
        firing.put("LATENCY_DEGRADED", new Firing("LATENCY_DEGRADED:acme:1700000300000", 1_700_000_300_000L));
        return new BrandAlertState(1_700_000_360_000L, 2.5, 7, firing);
    }
}
