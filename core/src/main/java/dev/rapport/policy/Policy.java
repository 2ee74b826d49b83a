package dev.rapport.policy;

import dev.rapport.calendar.BusinessHours;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything that decides when a brand's alerts fire and how its waits are judged: its SLA,
 * response horizon, alert thresholds and business hours. The default comes from the configuration; a brand's entry in {@code rapport.brand-policies}
 * overrides parts of it ({@link PolicyOverride}).
 *
 * @param responseHorizon a wait answered within this is answered in time, one still open after it
 *     is unanswered; on the SLA clock (business time with business hours), at least the SLA
 * @param revision names the policy in force, copied into alerts and stats: {@value #DEFAULT_REVISION}
 *     for the configured default, otherwise the override's {@code updatedAt}
 */
public record Policy(
        Duration sla,
        Duration responseHorizon,
        AlertThresholds thresholds,
        Optional<BusinessHours> businessHours,
        String revision) {
    public static final String DEFAULT_REVISION = "default";

    public Policy {
        if (sla == null || sla.isZero() || sla.isNegative()) {
            throw new IllegalArgumentException("sla must be positive, got " + sla);
        }
        if (responseHorizon == null || responseHorizon.compareTo(sla) < 0) {
            throw new IllegalArgumentException(
                    "the response horizon (" + responseHorizon + ") must be at least the SLA (" + sla + ")");
        }
        if (thresholds == null || businessHours == null || revision == null) {
            throw new IllegalArgumentException("thresholds, business hours and revision are required");
        }
        long warningMs = warningMs(sla, thresholds);
        if (warningMs <= 0 || warningMs >= sla.toMillis()) {
            throw new IllegalArgumentException("the SLA warning (" + sla + " x " + thresholds.slaWarningFraction()
                    + ") must come after zero and before the SLA");
        }
    }

    /** The terms of a wait that starts at {@code startedAt} under this policy. */
    public SlaTerms termsFor(long startedAt) {
        long slaMs = sla.toMillis();
        long warningMs = warningMs(sla, thresholds);
        long horizonMs = responseHorizon.toMillis();
        if (businessHours.isEmpty()) {
            return new SlaTerms(
                    slaMs,
                    warningMs,
                    horizonMs,
                    startedAt + warningMs,
                    startedAt + slaMs,
                    startedAt + horizonMs,
                    false);
        }
        BusinessHours hours = businessHours.get();
        return new SlaTerms(
                slaMs,
                warningMs,
                horizonMs,
                hours.instantAfterOpen(startedAt, warningMs),
                hours.instantAfterOpen(startedAt, slaMs),
                hours.instantAfterOpen(startedAt, horizonMs),
                true);
    }

    /** Time the SLA clock counts between two instants: open time with business hours, else all of it. */
    public long slaClockMillis(long from, long to) {
        return businessHours.map(h -> h.openMillisBetween(from, to)).orElse(Math.max(0, to - from));
    }

    private static long warningMs(Duration sla, AlertThresholds thresholds) {
        return Math.round(sla.toMillis() * thresholds.slaWarningFraction());
    }
}
