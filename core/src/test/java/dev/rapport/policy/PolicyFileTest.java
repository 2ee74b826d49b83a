package dev.rapport.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.calendar.BusinessHours;
import dev.rapport.schema.BrandPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Policy files, topic records and overrides: each form reads back to the same policy. */
class PolicyFileTest {
    private static final Policy DEFAULT = new Policy(
            Duration.ofHours(1),
            Duration.ofHours(24),
            AlertThresholds.defaults(),
            Optional.empty(),
            Policy.DEFAULT_REVISION);

    @TempDir
    Path dir;

    @Test
    void readsDefaultsAndBrands() throws Exception {
        PolicyFile file = PolicyFile.read(write("""
                {"default": {"sla": "2h", "latencyMinSamples": 20},
                 "brands": {"Acme": {"sla": "30m", "slaWarningFraction": 0.5,
                                     "businessHours": {"timeZone": "Europe/Berlin", "weekly": "Mon-Fri 09:00-17:00",
                                                       "holidays": ["2026-12-25"]}}}}
                """));
        Policy base = file.defaults().orElseThrow().applyTo(DEFAULT);
        assertThat(base.sla()).isEqualTo(Duration.ofHours(2));
        assertThat(base.thresholds().latencyMinSamples()).isEqualTo(20);
        Policy acme = file.brands().get("Acme").applyTo(base);
        assertThat(acme.sla()).isEqualTo(Duration.ofMinutes(30));
        assertThat(acme.thresholds().slaWarningFraction()).isEqualTo(0.5);
        assertThat(acme.thresholds().latencyMinSamples())
                .as("kept from the default")
                .isEqualTo(20);
        assertThat(acme.businessHours())
                .hasValueSatisfying(h -> assertThat(h.toString())
                        .isEqualTo("Europe/Berlin Mon 09:00-17:00, Tue 09:00-17:00, Wed 09:00-17:00, Thu 09:00-17:00, "
                                + "Fri 09:00-17:00 except [2026-12-25]"));
    }

    @Test
    void unknownFieldsAndBadValuesAreErrorsThatNameThem() throws Exception {
        assertThatThrownBy(() -> PolicyFile.read(write("{\"brands\": {\"Acme\": {\"slaa\": \"30m\"}}}")))
                .hasMessageContaining("Acme: unknown field(s) [slaa]");
        assertThatThrownBy(
                        () -> PolicyFile.read(
                                write(
                                        "{\"brands\": {\"Acme\": {\"sla\": \"0s\", \"broadcastRatio\": 1.5, \"latencyMinSamples\": 0}}}")))
                .hasMessageContaining("sla must be positive")
                .hasMessageContaining("broadcastRatio must be between 0 and 1")
                .hasMessageContaining("latencyMinSamples must be at least 1");
        assertThatThrownBy(() -> PolicyFile.read(
                        write("{\"brands\": {\"Acme\": {\"businessHours\": {\"timeZone\": \"UTC\"}}}}")))
                .hasMessageContaining("needs 'timeZone' and 'weekly'");
        assertThatThrownBy(() -> PolicyFile.read(write("[]"))).hasMessageContaining("expected an object");
    }

    @Test
    void responseTermsOfTheDefaultAndABrandApply() throws Exception {
        PolicyFile file = PolicyFile.read(write("""
                {"default": {"responseHorizon": "8h", "responseRateMin": 0.8},
                 "brands": {"Acme": {"sla": "4h", "responseRateMinWaits": 5}}}
                """));
        Policy base = file.defaults().orElseThrow().applyTo(DEFAULT);
        assertThat(base.responseHorizon()).isEqualTo(Duration.ofHours(8));
        assertThat(base.thresholds().responseRateMin()).isEqualTo(0.8);
        assertThat(base.thresholds().responseRateMinWaits())
                .as("the configured default")
                .isEqualTo(20);
        Policy acme = file.brands().get("Acme").applyTo(base);
        assertThat(acme.sla()).isEqualTo(Duration.ofHours(4));
        assertThat(acme.responseHorizon()).as("kept from the default").isEqualTo(Duration.ofHours(8));
        assertThat(acme.thresholds().responseRateMin()).isEqualTo(0.8);
        assertThat(acme.thresholds().responseRateMinWaits()).isEqualTo(5);
    }

    @Test
    void aResponseHorizonShorterThanTheSlaIsRefusedWhereverEachComesFrom() throws Exception {
        assertThatThrownBy(() -> PolicyFile.read(write("""
                {"brands": {"Acme": {"sla": "2h", "responseHorizon": "90m", "responseRateMin": 1.0,
                                     "responseRateMinWaits": 0}}}
                """)))
                .hasMessageContaining("responseHorizon (90m) must be at least sla (2h)")
                .hasMessageContaining("responseRateMin must be between 0 and 1")
                .hasMessageContaining("responseRateMinWaits must be at least 1");
        assertThatThrownBy(() -> horizon(Duration.ofMinutes(30)).applyTo(DEFAULT))
                .hasMessage("invalid policy: responseHorizon (30m) must be at least the default policy's sla (1h)");
        assertThatThrownBy(() -> sla(Duration.ofHours(30)).applyTo(DEFAULT))
                .hasMessage("invalid policy: sla (30h) must not exceed the default policy's response horizon (1d); "
                        + "set responseHorizon too");
        assertThat(horizon(Duration.ofHours(1)).applyTo(DEFAULT).responseHorizon())
                .as("the SLA itself is a horizon")
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aFileWrittenFromOverridesReadsBack() throws Exception {
        PolicyOverride override = PolicyOverride.builder()
                .sla(Duration.ofMinutes(45))
                .slaWarningFraction(0.7)
                .latencyP90(Duration.ofMinutes(20))
                .latencyMinSamples(5)
                .broadcastRatio(0.6)
                .broadcastMinOutbound(8)
                .engagementDropFraction(0.4)
                .channelGapRatio(0.3)
                .channelGapMinWaits(6)
                .businessHours(BusinessHours.parse("Asia/Tokyo", "Mon-Sat 08:00-20:00", "2027-01-01"))
                .responseHorizon(Duration.ofHours(8))
                .responseRateMin(0.85)
                .responseRateMinWaits(12)
                .build();
        PolicyFile back = PolicyFile.read(write(PolicyFile.toJson(Map.of("Acme", override))));
        assertThat(back.brands().get("Acme")).isEqualTo(override);
    }

    @Test
    void aTopicRecordCarriesEveryFieldAndItsRevision() {
        PolicyOverride override = PolicyOverride.builder()
                .sla(Duration.ofMinutes(45))
                .slaWarningFraction(0.7)
                .businessHours(BusinessHours.parse("Asia/Tokyo", "Mon-Sat 08:00-12:00 13:00-20:00", "2027-01-01"))
                .responseHorizon(Duration.ofHours(4))
                .responseRateMin(0.95)
                .responseRateMinWaits(30)
                .build();
        Instant at = Instant.parse("2026-11-23T10:00:00Z");
        BrandPolicy record = PolicyRecords.toRecord("Acme", override, at, "ops");
        PolicyOverride back = PolicyRecords.toOverride(record);
        assertThat(back.revision()).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(back).usingRecursiveComparison().ignoringFields("revision").isEqualTo(override);
        assertThat(back.applyTo(DEFAULT).revision()).isEqualTo("2026-11-23T10:00:00Z");
    }

    @Test
    void updatingAnOverrideKeepsTheFieldsNotGiven() {
        PolicyOverride current = PolicyOverride.builder()
                .sla(Duration.ofMinutes(45))
                .slaWarningFraction(0.7)
                .revision("r1")
                .build();
        PolicyOverride change = PolicyOverride.builder()
                .slaWarningFraction(0.5)
                .latencyP90(Duration.ofMinutes(5))
                .build();
        assertThat(current.updatedWith(change))
                .isEqualTo(PolicyOverride.builder()
                        .sla(Duration.ofMinutes(45))
                        .slaWarningFraction(0.5)
                        .latencyP90(Duration.ofMinutes(5))
                        .build());
        assertThat(current.updatedWith(change).summary()).isEqualTo("sla=45m, slaWarningFraction=0.5, latencyP90=5m");
    }

    private static PolicyOverride horizon(Duration responseHorizon) {
        return PolicyOverride.builder().responseHorizon(responseHorizon).build();
    }

    private static PolicyOverride sla(Duration sla) {
        return PolicyOverride.builder().sla(sla).build();
    }

    private Path write(String json) throws Exception {
        Path file = Files.createTempFile(dir, "policy", ".json");
        Files.writeString(file, json);
        return file;
    }
}
