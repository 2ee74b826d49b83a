package dev.rapport.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.schema.Platform;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The platform codes are in stored state and in the {@code brand-deltas} topic: a code, once
 * released, keeps its platform. Add a platform by adding a row here, never by changing one.
 */
class PlatformCodesTest {
    private static final Map<Platform, Integer> RELEASED = Map.of(
            Platform.TWITTER,
            0,
            Platform.INSTAGRAM,
            1,
            Platform.FACEBOOK,
            2,
            Platform.LINKEDIN,
            3,
            Platform.WHATSAPP,
            4,
            Platform.SNAPCHAT,
            5,
            Platform.TIKTOK,
            6,
            Platform.EMAIL,
            7,
            Platform.WEBCHAT,
            8,
            Platform.OTHER,
            9);

    @Test
    void everyPlatformKeepsItsCodeBothWays() {
        Map<Platform, Integer> codes = new EnumMap<>(Platform.class);
        for (Platform platform : Platform.values()) {
            codes.put(platform, (int) PlatformCodes.code(platform));
            assertThat(PlatformCodes.platform(PlatformCodes.code(platform))).isEqualTo(platform);
        }
        assertThat(codes).isEqualTo(RELEASED);
    }

    @Test
    void aCodeNoPlatformHasIsASerializationError() {
        assertThatThrownBy(() -> PlatformCodes.platform((byte) 10))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("platform code 10");
        assertThatThrownBy(() -> PlatformCodes.platform((byte) -1)).isInstanceOf(SerializationException.class);
    }
}
