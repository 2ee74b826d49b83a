package dev.rapport.policy;

import dev.rapport.calendar.BusinessHours;
import dev.rapport.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * A brand's deviations from the default policy: every field is optional, and an absent field keeps
 * the default's value. Built from a {@code rapport.brand-policies} record, a policy file or the
 * {@code policy set} command; {@link #validate()} names every bad field at once. Build one by name:
 * {@code PolicyOverride.builder().sla(Duration.ofMinutes(30)).build()}.
 *
 * @param revision identifies this override in alerts and stats (the record's updatedAt)
 */
public record PolicyOverride(
        Duration sla,
        Double slaWarningFraction,
        Duration latencyP90,
        Integer latencyMinSamples,
        Double broadcastRatio,
        Integer broadcastMinOutbound,
        Double engagementDropFraction,
        Double channelGapRatio,
        Integer channelGapMinWaits,
        BusinessHours businessHours,
        Duration responseHorizon,
        Double responseRateMin,
        Integer responseRateMinWaits,
        String revision) {

    /** The problems of this override, one line each; empty when it can be applied. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        positive(problems, "sla", sla);
        fraction(problems, "slaWarningFraction", slaWarningFraction);
        positive(problems, "latencyP90", latencyP90);
        atLeastOne(problems, "latencyMinSamples", latencyMinSamples);
        fraction(problems, "broadcastRatio", broadcastRatio);
        atLeastOne(problems, "broadcastMinOutbound", broadcastMinOutbound);
        fraction(problems, "engagementDropFraction", engagementDropFraction);
        fraction(problems, "channelGapRatio", channelGapRatio);
        atLeastOne(problems, "channelGapMinWaits", channelGapMinWaits);
        positive(problems, "responseHorizon", responseHorizon);
        fraction(problems, "responseRateMin", responseRateMin);
        atLeastOne(problems, "responseRateMinWaits", responseRateMinWaits);
        if (sla != null && responseHorizon != null && responseHorizon.compareTo(sla) < 0) {
            problems.add("responseHorizon (" + Durations.format(responseHorizon) + ") must be at least sla ("
                    + Durations.format(sla) + ")");
        }
        return problems;
    }

    /** @throws IllegalArgumentException naming every invalid field */
    public PolicyOverride validate() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid policy: " + String.join("; ", problems));
        }
        return this;
    }

    /** {@code base} with this override's fields in place of its own. */
    public Policy applyTo(Policy base) {
        validate();
        AlertThresholds t = base.thresholds();
        AlertThresholds thresholds = t.toBuilder()
                .slaWarningFraction(or(slaWarningFraction, t.slaWarningFraction()))
                .latencyP90(or(latencyP90, t.latencyP90()))
                .latencyMinSamples(or(latencyMinSamples, t.latencyMinSamples()))
                .broadcastRatio(or(broadcastRatio, t.broadcastRatio()))
                .broadcastMinOutbound(or(broadcastMinOutbound, t.broadcastMinOutbound()))
                .dropFraction(or(engagementDropFraction, t.dropFraction()))
                .channelGapRatio(or(channelGapRatio, t.channelGapRatio()))
                .channelGapMinWaits(or(channelGapMinWaits, t.channelGapMinWaits()))
                .responseRateMin(or(responseRateMin, t.responseRateMin()))
                .responseRateMinWaits(or(responseRateMinWaits, t.responseRateMinWaits()))
                .build();
        Optional<BusinessHours> hours = businessHours != null ? Optional.of(businessHours) : base.businessHours();
        Duration effectiveSla = or(sla, base.sla());
        Duration horizon = or(responseHorizon, base.responseHorizon());
        if (horizon.compareTo(effectiveSla) < 0) {
            // validate() has refused an override that sets both, so one of them is the base's.
            throw new IllegalArgumentException(
                    responseHorizon == null
                            ? "invalid policy: sla (" + Durations.format(effectiveSla)
                                    + ") must not exceed the default policy's " + "response horizon ("
                                    + Durations.format(horizon) + "); set responseHorizon too"
                            : "invalid policy: responseHorizon (" + Durations.format(horizon)
                                    + ") must be at least the default " + "policy's sla ("
                                    + Durations.format(effectiveSla) + ")");
        }
        return new Policy(effectiveSla, horizon, thresholds, hours, revision == null ? base.revision() : revision);
    }

    /** This override with every field {@code changes} sets replaced; the revision is left out (the writer stamps it). */
    public PolicyOverride updatedWith(PolicyOverride changes) {
        return builder()
                .sla(or(changes.sla, sla))
                .slaWarningFraction(or(changes.slaWarningFraction, slaWarningFraction))
                .latencyP90(or(changes.latencyP90, latencyP90))
                .latencyMinSamples(or(changes.latencyMinSamples, latencyMinSamples))
                .broadcastRatio(or(changes.broadcastRatio, broadcastRatio))
                .broadcastMinOutbound(or(changes.broadcastMinOutbound, broadcastMinOutbound))
                .engagementDropFraction(or(changes.engagementDropFraction, engagementDropFraction))
                .channelGapRatio(or(changes.channelGapRatio, channelGapRatio))
                .channelGapMinWaits(or(changes.channelGapMinWaits, channelGapMinWaits))
                .businessHours(or(changes.businessHours, businessHours))
                .responseHorizon(or(changes.responseHorizon, responseHorizon))
                .responseRateMin(or(changes.responseRateMin, responseRateMin))
                .responseRateMinWaits(or(changes.responseRateMinWaits, responseRateMinWaits))
                .build();
    }

    /** The fields this override sets, as {@code name=value} for people: {@code sla=30m, businessHours=Europe/Berlin Mon 09:00-17:00}. */
    public String summary() {
        StringJoiner text = new StringJoiner(", ");
        add(text, "sla", sla == null ? null : Durations.format(sla));
        add(text, "slaWarningFraction", slaWarningFraction);
        add(text, "latencyP90", latencyP90 == null ? null : Durations.format(latencyP90));
        add(text, "latencyMinSamples", latencyMinSamples);
        add(text, "broadcastRatio", broadcastRatio);
        add(text, "broadcastMinOutbound", broadcastMinOutbound);
        add(text, "engagementDropFraction", engagementDropFraction);
        add(text, "channelGapRatio", channelGapRatio);
        add(text, "channelGapMinWaits", channelGapMinWaits);
        add(text, "businessHours", businessHours);
        add(text, "responseHorizon", responseHorizon == null ? null : Durations.format(responseHorizon));
        add(text, "responseRateMin", responseRateMin);
        add(text, "responseRateMinWaits", responseRateMinWaits);
        return text.length() == 0 ? "(no overrides)" : text.toString();
    }

    private static void add(StringJoiner text, String name, Object value) {
        if (value != null) {
            text.add(name + "=" + value);
        }
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static void positive(List<String> problems, String field, Duration value) {
        if (value != null && (value.isZero() || value.isNegative())) {
            problems.add(field + " must be positive, got " + value);
        }
    }

    private static void fraction(List<String> problems, String field, Double value) {
        if (value != null && !(value > 0 && value < 1)) {
            problems.add(field + " must be between 0 and 1 (exclusive), got " + value);
        }
    }

    private static void atLeastOne(List<String> problems, String field, Integer value) {
        if (value != null && value < 1) {
            problems.add(field + " must be at least 1, got " + value);
        }
    }

    /** A builder of an override that sets nothing yet: every field keeps the default's value until set. */
    public static Builder builder() {
        return new Builder();
    }

    /** The fields of an override by name; {@link #build()} does not validate, {@link #validate()} does. */
    public static final class Builder {
        private Duration sla;
        private Double slaWarningFraction;
        private Duration latencyP90;
        private Integer latencyMinSamples;
        private Double broadcastRatio;
        private Integer broadcastMinOutbound;
        private Double engagementDropFraction;
        private Double channelGapRatio;
        private Integer channelGapMinWaits;
        private BusinessHours businessHours;
        private Duration responseHorizon;
        private Double responseRateMin;
        private Integer responseRateMinWaits;
        private String revision;

        private Builder() {}

        public Builder sla(Duration sla) {
            this.sla = sla;
            return this;
        }

        public Builder slaWarningFraction(Double slaWarningFraction) {
            this.slaWarningFraction = slaWarningFraction;
            return this;
        }

        public Builder latencyP90(Duration latencyP90) {
            this.latencyP90 = latencyP90;
            return this;
        }

        public Builder latencyMinSamples(Integer latencyMinSamples) {
            this.latencyMinSamples = latencyMinSamples;
            return this;
        }

        public Builder broadcastRatio(Double broadcastRatio) {
            this.broadcastRatio = broadcastRatio;
            return this;
        }

        public Builder broadcastMinOutbound(Integer broadcastMinOutbound) {
            this.broadcastMinOutbound = broadcastMinOutbound;
            return this;
        }

        public Builder engagementDropFraction(Double engagementDropFraction) {
            this.engagementDropFraction = engagementDropFraction;
            return this;
        }

        public Builder channelGapRatio(Double channelGapRatio) {
            this.channelGapRatio = channelGapRatio;
            return this;
        }

        public Builder channelGapMinWaits(Integer channelGapMinWaits) {
            this.channelGapMinWaits = channelGapMinWaits;
            return this;
        }

        public Builder businessHours(BusinessHours businessHours) {
            this.businessHours = businessHours;
            return this;
        }

        public Builder responseHorizon(Duration responseHorizon) {
            this.responseHorizon = responseHorizon;
            return this;
        }

        public Builder responseRateMin(Double responseRateMin) {
            this.responseRateMin = responseRateMin;
            return this;
        }

        public Builder responseRateMinWaits(Integer responseRateMinWaits) {
            this.responseRateMinWaits = responseRateMinWaits;
            return this;
        }

        /** @param revision identifies the override in alerts and stats; null: the writer stamps it */
        public Builder revision(String revision) {
            this.revision = revision;
            return this;
        }

        public PolicyOverride build() {
            return new PolicyOverride(
                    sla,
                    slaWarningFraction,
                    latencyP90,
                    latencyMinSamples,
                    broadcastRatio,
                    broadcastMinOutbound,
                    engagementDropFraction,
                    channelGapRatio,
                    channelGapMinWaits,
                    businessHours,
                    responseHorizon,
                    responseRateMin,
                    responseRateMinWaits,
                    revision);
        }
    }
}
