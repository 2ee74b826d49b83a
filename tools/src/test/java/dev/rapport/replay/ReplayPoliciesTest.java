package dev.rapport.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.config.RapportConfig;
import dev.rapport.policy.Policy;
import dev.rapport.topology.EngagementSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What-if policy files over the configured defaults: sla 1h, response.horizon 24h, conversation.ttl 7d. */
class ReplayPoliciesTest {
    private static final EngagementSettings CONFIGURED = EngagementSettings.from(RapportConfig.defaults());

    @TempDir
    Path dir;

    @Test
    void theFilesResponseTermsMakeTheDefaultAndTheBrandPolicies() throws Exception {
        ReplayPolicies policies = ReplayPolicies.fromFile(write("""
                {"default": {"responseHorizon": "2h", "responseRateMin": 0.6},
                 "brands": {"Acme": {"responseHorizon": "8h", "responseRateMin": 0.95, "responseRateMinWaits": 5}}}
                """), CONFIGURED);

        assertThat(policies.settings().responseHorizon()).isEqualTo(Duration.ofHours(2));
        Policy other = policies.book().forBrand("Other");
        assertThat(other.responseHorizon()).isEqualTo(Duration.ofHours(2));
        assertThat(other.thresholds().responseRateMin()).isEqualTo(0.6);
        assertThat(other.thresholds().responseRateMinWaits())
                .as("the configured default")
                .isEqualTo(20);
        Policy acme = policies.book().forBrand("Acme");
        assertThat(acme.responseHorizon()).isEqualTo(Duration.ofHours(8));
        assertThat(acme.thresholds().responseRateMin()).isEqualTo(0.95);
        assertThat(acme.thresholds().responseRateMinWaits()).isEqualTo(5);
        assertThat(policies.records()).singleElement().satisfies(record -> {
            assertThat(record.getResponseHorizonMillis())
                    .isEqualTo(Duration.ofHours(8).toMillis());
            assertThat(record.getResponseRateMin()).isEqualTo(0.95);
            assertThat(record.getResponseRateMinWaits()).isEqualTo(5);
        });
    }

    @Test
    void aHorizonBeyondTheConversationTtlIsRefusedForTheDefaultAndForABrand() throws Exception {
        Path brand = write("{\"brands\": {\"Acme\": {\"responseHorizon\": \"8d\"}}}");
        assertThatThrownBy(() -> ReplayPolicies.fromFile(brand, CONFIGURED))
                .hasMessage("policy file " + brand
                        + ": brand Acme: responseHorizon (8d) must not exceed the setting 'conversation.ttl' (7d): "
                        + "a conversation must not be evicted before its waits are decided");
        Path defaults = write("{\"default\": {\"responseHorizon\": \"8d\"}}");
        assertThatThrownBy(() -> ReplayPolicies.fromFile(defaults, CONFIGURED))
                .hasMessageStartingWith("policy file " + defaults + ": default: responseHorizon (8d) must not exceed "
                        + "the setting 'conversation.ttl' (7d)");
    }

    @Test
    void aBrandHorizonShorterThanTheDefaultSlaIsRefusedBeforeTheRun() throws Exception {
        Path file = write("{\"default\": {\"sla\": \"2h\"}, \"brands\": {\"Acme\": {\"responseHorizon\": \"90m\"}}}");
        assertThatThrownBy(() -> ReplayPolicies.fromFile(file, CONFIGURED))
                .hasMessage(
                        "policy file " + file
                                + ": brand Acme: invalid policy: responseHorizon (90m) must be at least the default policy's sla (2h)");
    }

    private Path write(String json) throws Exception {
        Path file = Files.createTempFile(dir, "what-if", ".json");
        Files.writeString(file, json);
        return file;
    }
}
