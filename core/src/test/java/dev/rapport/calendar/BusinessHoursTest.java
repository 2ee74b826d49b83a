package dev.rapport.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Open time and SLA deadlines in local business hours, worked out by hand in each test. */
class BusinessHoursTest {
    private static final BusinessHours NEW_YORK = BusinessHours.parse("America/New_York", "Mon-Fri 09:00-17:00", "");

    @Test
    void aDeadlineSkipsTheWeekendAndFollowsTheSpringClockChange() {
        long friday1630 = ms("2026-03-06T21:30:00Z"); // EST, UTC-5
        long monday0930 = ms("2026-03-09T13:30:00Z"); // EDT, UTC-4 since Sunday
        assertThat(NEW_YORK.instantAfterOpen(friday1630, hours(1))).isEqualTo(monday0930);
        assertThat(NEW_YORK.openMillisBetween(friday1630, monday0930)).isEqualTo(hours(1));
    }

    @Test
    void theAutumnClockChangeKeepsLocalHours() {
        long friday1630 = ms("2026-10-30T20:30:00Z"); // EDT, UTC-4
        long monday0930 = ms("2026-11-02T14:30:00Z"); // EST, UTC-5 since Sunday
        assertThat(NEW_YORK.instantAfterOpen(friday1630, hours(1))).isEqualTo(monday0930);
    }

    @Test
    void aDayAroundTheClockIsOneHourShorterOrLonger() {
        BusinessHours always = BusinessHours.parse("America/New_York", "Mon-Sun 00:00-24:00", "");
        assertThat(always.openMillisBetween(ms("2026-03-08T05:00:00Z"), ms("2026-03-09T04:00:00Z")))
                .as("Sunday 2026-03-08 had 23 hours")
                .isEqualTo(hours(23));
        assertThat(always.openMillisBetween(ms("2026-11-01T04:00:00Z"), ms("2026-11-02T05:00:00Z")))
                .as("Sunday 2026-11-01 had 25 hours")
                .isEqualTo(hours(25));
        assertThat(always.instantAfterOpen(ms("2026-03-08T05:00:00Z"), hours(30)))
                .as("round the clock, open time is calendar time")
                .isEqualTo(ms("2026-03-08T05:00:00Z") + hours(30));
    }

    @Test
    void holidaysAreClosedAllDay() {
        BusinessHours christmas = BusinessHours.parse("Europe/Berlin", "Mon-Fri 09:00-17:00", "2026-12-24, 2026-12-25");
        long wednesday1600 = ms("2026-12-23T15:00:00Z"); // CET, UTC+1
        assertThat(christmas.instantAfterOpen(wednesday1600, hours(2)))
                .as("Monday 28th, 10:00")
                .isEqualTo(ms("2026-12-28T09:00:00Z"));
    }

    @Test
    void aWaitThatStartsWhileClosedStartsCountingAtOpening() {
        long saturday = ms("2026-03-07T15:00:00Z");
        assertThat(NEW_YORK.instantAfterOpen(saturday, Duration.ofMinutes(30).toMillis()))
                .isEqualTo(ms("2026-03-09T13:30:00Z"));
        assertThat(NEW_YORK.openMillisBetween(saturday, ms("2026-03-08T15:00:00Z")))
                .isZero();
    }

    @Test
    void aLunchBreakIsNotCounted() {
        BusinessHours lunch = BusinessHours.parse("UTC", "Mon-Fri 09:00-12:00 13:00-17:00", "");
        long monday1130 = ms("2026-03-09T11:30:00Z");
        assertThat(lunch.instantAfterOpen(monday1130, hours(1))).isEqualTo(ms("2026-03-09T13:30:00Z"));
        assertThat(lunch.openMillisBetween(monday1130, ms("2026-03-09T13:30:00Z")))
                .isEqualTo(hours(1));
    }

    @Test
    void theDeadlineIsTheFirstInstantWithThatMuchOpenTime() {
        BusinessHours hours = BusinessHours.parse(
                "Europe/London",
                "Mon-Thu 08:30-12:00 13:00-17:30, Fri 08:00-13:00, Sat 10:00-12:00",
                "2026-04-03, 2026-04-06");
        SplittableRandom random = new SplittableRandom(42);
        long from2026 = ms("2026-01-01T00:00:00Z");
        for (int i = 0; i < 2_000; i++) {
            long start = from2026 + random.nextLong(Duration.ofDays(365).toMillis());
            long open = 1 + random.nextLong(Duration.ofHours(60).toMillis());
            long deadline = hours.instantAfterOpen(start, open);
            assertThat(hours.openMillisBetween(start, deadline)).isEqualTo(open);
            assertThat(hours.openMillisBetween(start, deadline - 1)).isLessThan(open);
        }
    }

    @Test
    void badTextNamesTheProblem() {
        assertThatThrownBy(() -> BusinessHours.parse("Mars/Olympus", "Mon 09:00-17:00", ""))
                .hasMessageContaining("'Mars/Olympus' is not an IANA time zone");
        assertThatThrownBy(() -> BusinessHours.parse("UTC", "Mon 09:00-17:00", "2026-13-01"))
                .hasMessageContaining("'2026-13-01' is not a date");
    }

    private static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    private static long hours(long h) {
        return Duration.ofHours(h).toMillis();
    }
}
