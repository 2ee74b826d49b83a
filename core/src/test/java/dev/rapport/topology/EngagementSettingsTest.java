package dev.rapport.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.config.RapportConfig;
import dev.rapport.policy.AlertThresholds;
import dev.rapport.policy.PolicyOverride;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngagementSettingsTest {

    @Test
    void theBuilderStartsFromTheProductionDefaults() {
        assertThat(EngagementSettings.builder().build()).isEqualTo(EngagementSettings.from(RapportConfig.defaults()));
        assertThat(AlertThresholds.builder().build()).isEqualTo(AlertThresholds.defaults());
    }

    @Test
    void aSetterChangesItsFieldAndNothingElse() {
        EngagementSettings configured = EngagementSettings.from(RapportConfig.defaults()
                .with(Map.of(
                        "window",
                        "5m",
                        "sla",
                        "15m",
                        "response.horizon",
                        "20m",
                        "business-hours.time-zone",
                        "Europe/Berlin",
                        "business-hours.weekly",
                        "Mon-Fri 09:00-17:00",
                        "conversation.store",
                        "rocksdb")));

        EngagementSettings withWiderGrace =
                configured.toBuilder().grace(Duration.ofHours(3)).build();

        assertThat(withWiderGrace.grace()).isEqualTo(Duration.ofHours(3));
        assertThat(withWiderGrace.toBuilder().grace(configured.grace()).build()).isEqualTo(configured);
    }

    @Test
    void theBuilderValidatesTheFieldsTogether() {
        assertThatThrownBy(() -> EngagementSettings.builder()
                        .responseHorizon(Duration.ofDays(2))
                        .conversationTtl(Duration.ofDays(1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("conversation ttl");
        assertThatThrownBy(() -> AlertThresholds.builder().hysteresis(1.0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hysteresis");
    }

    @Test
    void aDefaultPolicyOverrideReplacesOnlyThePolicysFields() {
        EngagementSettings settings =
                EngagementSettings.builder().window(Duration.ofMinutes(10)).build();

        EngagementSettings whatIf = settings.withDefaultPolicy(PolicyOverride.builder()
                .sla(Duration.ofMinutes(30))
                .responseRateMin(0.5)
                .build());

        assertThat(whatIf.sla()).isEqualTo(Duration.ofMinutes(30));
        assertThat(whatIf.alerts().responseRateMin()).isEqualTo(0.5);
        assertThat(whatIf.toBuilder()
                        .sla(settings.sla())
                        .alerts(settings.alerts())
                        .build())
                .isEqualTo(settings);
    }
}
