package dev.rapport.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every value comes back as it went in, whatever it repeats, and repeats fold. */
class EntryCodecTest {
    private final EntryCodec codec = new EntryCodec();

    @Test
    void randomValuesRoundTripWithTheirKeys() {
        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            byte[] key = bytes(random, random.nextInt(40));
            byte[] value = bytes(random, random.nextInt(600));
            byte[] entry = entry(key, value);
            assertThat(EntryCodec.key(entry, 0)).isEqualTo(key);
            assertThat(EntryCodec.hasKey(entry, 0, key)).isTrue();
            assertThat(EntryCodec.keyHash(entry, 0)).isEqualTo(Arrays.hashCode(key));
            assertThat(EntryCodec.value(entry, 0)).isEqualTo(value);
            assertThat(EntryCodec.length(entry, 0)).isEqualTo(entry.length);
        }
    }

    /** As in a page: each entry read where it starts, and its length leads to the next. */
    @Test
    void entriesBackToBackAreReadWhereTheyStart() {
        Random random = new Random(5);
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        ByteArrayOutputStream page = new ByteArrayOutputStream();
        for (int i = 0; i < 2_000; i++) {
            byte[] key = bytes(random, 1 + random.nextInt(40));
            byte[] value = bytes(random, random.nextInt(300));
            keys.add(key);
            values.add(value);
            page.writeBytes(entry(key, value));
        }
        byte[] bytes = page.toByteArray();
        int at = 0;
        for (int i = 0; i < keys.size(); i++) {
            assertThat(EntryCodec.key(bytes, at)).isEqualTo(keys.get(i));
            assertThat(EntryCodec.hasKey(bytes, at, keys.get(i))).isTrue();
            assertThat(EntryCodec.keyHash(bytes, at)).isEqualTo(Arrays.hashCode(keys.get(i)));
            assertThat(EntryCodec.value(bytes, at)).isEqualTo(values.get(i));
            at += EntryCodec.length(bytes, at);
        }
        assertThat(at).isEqualTo(bytes.length);
    }

    @Test
    void runsRepeatedFromTheKeyOrTheValueFoldToReferences() {
        byte[] key = "scale-conv-0000000000042".getBytes(StandardCharsets.UTF_8);
        String customer = "cust-000000000000042";
        byte[] value = ("brand-042" + "scale-conv-0000000000042" + customer + customer + "scale-conv-0000000000042"
                        + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                                .repeat(3))
                .getBytes(StandardCharsets.UTF_8);

        byte[] entry = entry(key, value);

        assertThat(EntryCodec.value(entry, 0)).isEqualTo(value);
        assertThat(entry.length).as("folded").isLessThan(key.length + 60);
        assertThat(EntryCodec.keyHash(entry, 0)).isEqualTo(Arrays.hashCode(key));
    }

    @Test
    void anEmptyValueAndAnEmptyKeyRoundTrip() {
        byte[] entry = entry(new byte[0], new byte[0]);
        assertThat(EntryCodec.key(entry, 0)).isEmpty();
        assertThat(EntryCodec.value(entry, 0)).isEmpty();
        assertThat(EntryCodec.length(entry, 0)).isEqualTo(entry.length);
        byte[] value = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx".getBytes(StandardCharsets.UTF_8);
        assertThat(EntryCodec.value(entry(new byte[0], value), 0)).isEqualTo(value);
    }

    /** The encoder's table of positions outlives an entry; what it says of an earlier one must not be taken as a repeat. */
    @Test
    void aShortEntryAfterALongOneFoldsOnlyItsOwnRepeats() {
        byte[] run = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        byte[] longValue = new byte[400];
        System.arraycopy(run, 0, longValue, 300, run.length);
        entry(new byte[] {1}, longValue);

        byte[] shortValue = Arrays.copyOf(run, run.length + 4);
        byte[] entry = entry(new byte[] {2}, shortValue);

        assertThat(EntryCodec.value(entry, 0)).isEqualTo(shortValue);
        assertThat(EntryCodec.length(entry, 0)).isEqualTo(entry.length);
    }

    @Test
    void aReleasedEntryReadsAsBeforeAndSaysSo() {
        Random random = new Random(7);
        for (int keyLength : new int[] {0, 1, 63, 64, 200, 20_000}) {
            byte[] key = bytes(random, keyLength);
            byte[] value = bytes(random, 300);
            byte[] entry = entry(key, value);
            assertThat(EntryCodec.released(entry, 0)).isFalse();

            EntryCodec.markReleased(entry, 0);

            assertThat(EntryCodec.released(entry, 0))
                    .as("key of %d bytes", keyLength)
                    .isTrue();
            assertThat(EntryCodec.key(entry, 0)).isEqualTo(key);
            assertThat(EntryCodec.hasKey(entry, 0, key)).isTrue();
            assertThat(EntryCodec.keyHash(entry, 0)).isEqualTo(Arrays.hashCode(key));
            assertThat(EntryCodec.value(entry, 0)).isEqualTo(value);
            assertThat(EntryCodec.length(entry, 0)).isEqualTo(entry.length);
        }
    }

    private byte[] entry(byte[] key, byte[] value) {
        int length = codec.encode(key, value);
        return Arrays.copyOf(codec.encoded(), length);
    }

    /** Random bytes from a small alphabet, so repeats of four and more bytes are common. */
    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        int alphabet = 1 + random.nextInt(random.nextBoolean() ? 4 : 256);
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(alphabet);
        }
        return bytes;
    }
}
