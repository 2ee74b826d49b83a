package dev.rapport.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.schema.MessageEvent;
import dev.rapport.schema.Platform;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ZipfTrafficTest {
    private final List<MessageEvent> events =
            GeneratorRun.batch(TrafficSettings.zipf(9), 200_000, Instant.parse("2026-03-01T08:00:00Z")).stream()
                    .toList();

    @Test
    void brandSizesAreSkewed() {
        Map<String, Long> perBrand = new TreeMap<>();
        events.forEach(e -> perBrand.merge(e.getBrandId(), 1L, Long::sum));
        List<Long> sizes = perBrand.values().stream().sorted().toList();
        long top = sizes.get(sizes.size() - 1);
        long median = sizes.get(sizes.size() / 2);
        assertThat(perBrand).hasSizeGreaterThan(250);
        assertThat(top)
                .as("events of the top brand, against %d of the median brand", median)
                .isGreaterThanOrEqualTo(10 * median);
    }

    @Test
    void severalPlatformsAreUsed() {
        Set<Platform> platforms = EnumSet.noneOf(Platform.class);
        events.forEach(e -> platforms.add(e.getPlatform()));
        assertThat(platforms).hasSizeGreaterThanOrEqualTo(3);
    }
}
