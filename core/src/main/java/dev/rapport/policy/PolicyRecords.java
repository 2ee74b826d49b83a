package dev.rapport.policy;

import dev.rapport.calendar.BusinessHours;
import dev.rapport.calendar.WeeklySchedule;
import dev.rapport.calendar.WeeklySchedule.Opening;
import dev.rapport.schema.BrandPolicy;
import dev.rapport.schema.BusinessHoursSpec;
import dev.rapport.schema.OpeningHours;
import dev.rapport.schema.Weekday;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Converts between {@link PolicyOverride} and its record on {@code rapport.brand-policies}. */
public final class PolicyRecords {
    private PolicyRecords() {}

    /**
     * The override a record carries, its revision being the record's updatedAt.
     *
     * @throws IllegalArgumentException naming what is wrong with the record
     */
    public static PolicyOverride toOverride(BrandPolicy record) {
        BusinessHours hours = null;
        if (record.getBusinessHours() != null) {
            BusinessHoursSpec spec = record.getBusinessHours();
            Map<DayOfWeek, List<Opening>> days = new EnumMap<>(DayOfWeek.class);
            for (OpeningHours o : spec.getWeekly()) {
                days.computeIfAbsent(DayOfWeek.valueOf(o.getDay().name()), d -> new ArrayList<>())
                        .add(Opening.between(o.getOpens(), o.getCloses()));
            }
            hours = new BusinessHours(
                    BusinessHours.zone(spec.getTimeZone()), WeeklySchedule.of(days), new TreeSet<>(spec.getHolidays()));
        }
        return PolicyOverride.builder()
                .sla(millis(record.getSlaMillis()))
                .slaWarningFraction(record.getSlaWarningFraction())
                .latencyP90(millis(record.getLatencyP90Millis()))
                .latencyMinSamples(record.getLatencyMinSamples())
                .broadcastRatio(record.getBroadcastRatio())
                .broadcastMinOutbound(record.getBroadcastMinOutbound())
                .engagementDropFraction(record.getEngagementDropFraction())
                .channelGapRatio(record.getChannelGapRatio())
                .channelGapMinWaits(record.getChannelGapMinWaits())
                .businessHours(hours)
                .responseHorizon(millis(record.getResponseHorizonMillis()))
                .responseRateMin(record.getResponseRateMin())
                .responseRateMinWaits(record.getResponseRateMinWaits())
                .revision(record.getUpdatedAt().toString())
                .build()
                .validate();
    }

    /** The record of {@code brandId}'s override, stamped {@code updatedAt}. */
    public static BrandPolicy toRecord(String brandId, PolicyOverride override, Instant updatedAt, String updatedBy) {
        override.validate();
        return BrandPolicy.newBuilder()
                .setBrandId(brandId)
                .setSlaMillis(millis(override.sla()))
                .setSlaWarningFraction(override.slaWarningFraction())
                .setLatencyP90Millis(millis(override.latencyP90()))
                .setLatencyMinSamples(override.latencyMinSamples())
                .setBroadcastRatio(override.broadcastRatio())
                .setBroadcastMinOutbound(override.broadcastMinOutbound())
                .setEngagementDropFraction(override.engagementDropFraction())
                .setChannelGapRatio(override.channelGapRatio())
                .setChannelGapMinWaits(override.channelGapMinWaits())
                .setBusinessHours(override.businessHours() == null ? null : spec(override.businessHours()))
                .setResponseHorizonMillis(millis(override.responseHorizon()))
                .setResponseRateMin(override.responseRateMin())
                .setResponseRateMinWaits(override.responseRateMinWaits())
                .setUpdatedAt(updatedAt)
                .setUpdatedBy(updatedBy)
                .build();
    }

    private static BusinessHoursSpec spec(BusinessHours hours) {
        List<OpeningHours> weekly = new ArrayList<>();
        hours.weekly()
                .days()
                .forEach((day, openings) -> openings.forEach(o -> weekly.add(OpeningHours.newBuilder()
                        .setDay(Weekday.valueOf(day.name()))
                        .setOpens(WeeklySchedule.clock(o.fromMinute()))
                        .setCloses(WeeklySchedule.clock(o.toMinute()))
                        .build())));
        return BusinessHoursSpec.newBuilder()
                .setTimeZone(hours.zone().getId())
                .setWeekly(weekly)
                .setHolidays(new ArrayList<LocalDate>(hours.holidays()))
                .build();
    }

    private static Duration millis(Long millis) {
        return millis == null ? null : Duration.ofMillis(millis);
    }

    private static Long millis(Duration duration) {
        return duration == null ? null : duration.toMillis();
    }
}
