package dev.rapport.policy;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResponseHorizonBoundTest {
    private static final ResponseHorizonBound WEEK = new ResponseHorizonBound(Duration.ofDays(7));

    @Test
    void aHorizonUpToTheConversationTtlIsAccepted() {
        assertThatCode(() -> WEEK.check(withHorizon(Duration.ofDays(7)))).doesNotThrowAnyException();
    }

    @Test
    void aLongerHorizonIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> WEEK.check(withHorizon(Duration.ofDays(8))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("responseHorizon (8d) must not exceed the setting 'conversation.ttl' (7d)");
    }

    private static Policy withHorizon(Duration horizon) {
        return new Policy(
                Duration.ofHours(1), horizon, AlertThresholds.defaults(), Optional.empty(), Policy.DEFAULT_REVISION);
    }
}
