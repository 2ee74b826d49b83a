package dev.rapport.generator;

import dev.rapport.schema.Platform;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** The brands a run simulates. */
final class BrandRoster {
    /** Where zipf brands talk to customers; each brand uses a few of them. */
    private static final List<Platform> ZIPF_PLATFORMS = List.of(
            Platform.TWITTER,
            Platform.INSTAGRAM,
            Platform.FACEBOOK,
            Platform.WHATSAPP,
            Platform.LINKEDIN,
            Platform.TIKTOK);
    /** Keeps the roster's draws apart from the traffic's, so the roster does not depend on how traffic consumes randomness. */
    private static final long ROSTER_STREAM = 0x5EED_B4A7_D5L;

    private BrandRoster() {}

    static WeightedChoice<Brand> of(TrafficSettings settings) {
        List<Brand> brands = settings.mode() == TrafficMode.ZIPF
                ? zipf(
                        settings.zipfBrands(),
                        settings.zipfExponent(),
                        new SplittableRandom(settings.seed() ^ ROSTER_STREAM))
                : personas();
        return new WeightedChoice<>(
                brands, brands.stream().mapToDouble(Brand::weight).toArray());
    }

    static List<Brand> personas() {
        List<Brand> brands = new ArrayList<>();
        for (Persona persona : Persona.values()) {
            brands.add(new Brand(persona.brandId(), 1.0, persona.behaviour()));
        }
        return brands;
    }

    /** Brand of rank k (1-based) gets weight 1/k^exponent; behaviours vary from brand to brand within ordinary bounds. */
    static List<Brand> zipf(int count, double exponent, RandomGenerator random) {
        String idFormat = "brand-%0" + Integer.toString(count).length() + "d";
        List<Brand> brands = new ArrayList<>(count);
        for (int rank = 1; rank <= count; rank++) {
            brands.add(
                    new Brand(String.format(idFormat, rank), 1 / Math.pow(rank, exponent), ordinaryBehaviour(random)));
        }
        return brands;
    }

    private static BrandBehaviour ordinaryBehaviour(RandomGenerator random) {
        Map<Platform, Double> platforms = new EnumMap<>(Platform.class);
        List<Platform> candidates = new ArrayList<>(ZIPF_PLATFORMS);
        int used = 1 + random.nextInt(3);
        for (int i = 0; i < used; i++) {
            platforms.put(candidates.remove(random.nextInt(candidates.size())), 0.2 + random.nextDouble());
        }
        Duration medianReply = Duration.ofSeconds(Math.round(Math.exp(random.nextDouble(Math.log(10), Math.log(300)))));
        Engagement engagement = Engagement.everywhere(
                random.nextDouble(0.6, 0.97),
                Delay.logNormal(medianReply, 0.9, Duration.ofHours(1)),
                random.nextDouble(0.2, 0.5),
                0.3);
        return BrandBehaviour.steady(WeightedChoice.of(platforms), random.nextDouble(0, 0.3), 0.2, engagement);
    }
}
