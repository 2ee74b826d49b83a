package dev.rapport.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
            byte[] entry = codec.encode(key, value);
            assertThat(EntryCodec.key(entry)).isEqualTo(key);
            assertThat(EntryCodec.hasKey(entry, key)).isTrue();
            assertThat(EntryCodec.keyHash(entry)).isEqualTo(java.util.Arrays.hashCode(key));
            assertThat(EntryCodec.value(entry)).isEqualTo(value);
        }
    }

    @Test
    void runsRepeatedFromTheKeyOrTheValueFoldToReferences() {
        byte[] key = "scale-conv-0000000000042".getBytes(StandardCharsets.UTF_8);
        String customer = "cust-000000000000042";
        byte[] value = ("brand-042" + "scale-conv-0000000000042" + customer + customer + "scale-conv-0000000000042"
                        + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                                .repeat(3))
                .getBytes(StandardCharsets.UTF_8);

        byte[] entry = codec.encode(key, value);

        assertThat(EntryCodec.value(entry)).isEqualTo(value);
        assertThat(entry.length).as("folded").isLessThan(key.length + 60);
        assertThat(EntryCodec.keyHash(entry)).isEqualTo(java.util.Arrays.hashCode(key));
    }

    @Test
    void anEmptyValueAndAnEmptyKeyRoundTrip() {
        byte[] entry = codec.encode(new byte[0], new byte[0]);
        assertThat(EntryCodec.key(entry)).isEmpty();
        assertThat(EntryCodec.value(entry)).isEmpty();
        byte[] value = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx".getBytes(StandardCharsets.UTF_8);
        assertThat(EntryCodec.value(codec.encode(new byte[0], value))).isEqualTo(value);
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
