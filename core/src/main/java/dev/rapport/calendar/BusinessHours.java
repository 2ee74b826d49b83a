package dev.rapport.calendar;

import dev.rapport.calendar.WeeklySchedule.Opening;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * When a brand is open: a weekly schedule in the brand's IANA time zone, minus holidays. The SLA
 * clock of a brand with business hours counts only the time it is open, so a customer who writes on
 * Friday evening is not "waiting" all weekend.
 *
 * <p>Local times become instants through the zone's rules of that date, so a schedule keeps its
 * local hours across a daylight-saving change (the business day is still 09:00 to 17:00; the night
 * before it is an hour shorter or longer). A boundary that falls into a spring-forward gap moves
 * forward by the gap, as {@link ZonedDateTime#of} does; in an autumn overlap the earlier offset counts.
 */
public record BusinessHours(ZoneId zone, WeeklySchedule weekly, SortedSet<LocalDate> holidays) {
    /** Far enough for any SLA; stops a search through a schedule that is closed every remaining day. */
    private static final int MAX_DAYS_SEARCHED = 3_660;

    public BusinessHours {
        if (zone == null || weekly == null) {
            throw new IllegalArgumentException("business hours need a time zone and a weekly schedule");
        }
        holidays = Collections.unmodifiableSortedSet(new TreeSet<>(holidays == null ? new TreeSet<>() : holidays));
    }

    /** Parses the text forms: an IANA zone id, a {@link WeeklySchedule} and comma-separated ISO dates. */
    public static BusinessHours parse(String zone, String weekly, String holidays) {
        return new BusinessHours(zone(zone), WeeklySchedule.parse(weekly), dates(holidays));
    }

    public static ZoneId zone(String id) {
        try {
            return ZoneId.of(id.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + id + "' is not an IANA time zone (example: Europe/Berlin)");
        }
    }

    public static SortedSet<LocalDate> dates(String text) {
        SortedSet<LocalDate> dates = new TreeSet<>();
        for (String date : text.split(",")) {
            if (!date.isBlank()) {
                try {
                    dates.add(LocalDate.parse(date.trim()));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("'" + date.trim() + "' is not a date (YYYY-MM-DD)");
                }
            }
        }
        return dates;
    }

    /** Open time between two instants (epoch ms), zero if {@code to} is not after {@code from}. */
    public long openMillisBetween(long from, long to) {
        if (to <= from) {
            return 0;
        }
        long open = 0;
        LocalDate last = localDate(to);
        for (LocalDate date = localDate(from); !date.isAfter(last); date = date.plusDays(1)) {
            if (holidays.contains(date)) {
                continue;
            }
            for (Opening opening : weekly.on(date.getDayOfWeek())) {
                long start = Math.max(from, instant(date, opening.fromMinute()));
                long end = Math.min(to, instant(date, opening.toMinute()));
                if (end > start) {
                    open += end - start;
                }
            }
        }
        return open;
    }

    /**
     * The instant at which {@code openMillis} of open time have passed since {@code from}: the first
     * instant t with {@code openMillisBetween(from, t) == openMillis}. Always inside or at the end
     * of an opening.
     */
    public long instantAfterOpen(long from, long openMillis) {
        if (openMillis <= 0) {
            throw new IllegalArgumentException("open time to add must be positive, got " + openMillis);
        }
        long remaining = openMillis;
        LocalDate date = localDate(from);
        for (int day = 0; day < MAX_DAYS_SEARCHED; day++, date = date.plusDays(1)) {
            if (holidays.contains(date)) {
                continue;
            }
            for (Opening opening : weekly.on(date.getDayOfWeek())) {
                long start = Math.max(from, instant(date, opening.fromMinute()));
                long end = instant(date, opening.toMinute());
                if (end <= start) {
                    continue;
                }
                if (remaining <= end - start) {
                    return start + remaining;
                }
                remaining -= end - start;
            }
        }
        throw new IllegalStateException("business hours " + this + " are closed for " + MAX_DAYS_SEARCHED
                + " days after " + Instant.ofEpochMilli(from));
    }

    private LocalDate localDate(long epochMillis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), zone);
    }

    private long instant(LocalDate date, int minuteOfDay) {
        ZonedDateTime at = minuteOfDay == 24 * 60
                ? date.plusDays(1).atStartOfDay(zone)
                : ZonedDateTime.of(date, LocalTime.of(minuteOfDay / 60, minuteOfDay % 60), zone);
        return at.toInstant().toEpochMilli();
    }

    @Override
    public String toString() {
        return zone + " " + weekly + (holidays.isEmpty() ? "" : " except " + holidays);
    }
}
