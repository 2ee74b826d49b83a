package dev.rapport.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.calendar.WeeklySchedule.Opening;
import java.time.DayOfWeek;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeeklyScheduleTest {

    @Test
    void dayRangesSeveralOpeningsAndTheEndOfTheDay() {
        WeeklySchedule s =
                WeeklySchedule.parse("Mon-Wed 09:00-12:00 13:00-17:00; friday 10:00-24:00, Sat-Sun 11:00-13:00");
        assertThat(s.on(DayOfWeek.TUESDAY)).containsExactly(new Opening(540, 720), new Opening(780, 1020));
        assertThat(s.on(DayOfWeek.THURSDAY)).isEmpty();
        assertThat(s.on(DayOfWeek.FRIDAY)).containsExactly(new Opening(600, 1440));
        assertThat(s.on(DayOfWeek.SUNDAY)).containsExactly(new Opening(660, 780));
    }

    @Test
    void aDayRangeWrapsAroundTheWeek() {
        WeeklySchedule s = WeeklySchedule.parse("Fri-Mon 10:00-14:00");
        assertThat(s.days().keySet())
                .containsExactlyInAnyOrder(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY);
    }

    @Test
    void touchingAndOverlappingOpeningsMerge() {
        WeeklySchedule s = WeeklySchedule.parse("Mon 09:00-12:00 12:00-13:00, Mon 11:00-15:00");
        assertThat(s.on(DayOfWeek.MONDAY)).isEqualTo(List.of(new Opening(540, 900)));
    }

    @Test
    void theTextFormReadsBack() {
        WeeklySchedule s = WeeklySchedule.parse("Mon-Fri 09:00-17:00, Sat 10:00-14:00");
        assertThat(s.toString())
                .isEqualTo("Mon 09:00-17:00, Tue 09:00-17:00, Wed 09:00-17:00, Thu 09:00-17:00, "
                        + "Fri 09:00-17:00, Sat 10:00-14:00");
        assertThat(WeeklySchedule.parse(s.toString())).isEqualTo(s);
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> WeeklySchedule.parse("Mon 17:00-09:00")).hasMessageContaining("17:00-09:00");
        assertThatThrownBy(() -> WeeklySchedule.parse("Mon 09:00-25:00")).hasMessageContaining("'25:00' is not a time");
        assertThatThrownBy(() -> WeeklySchedule.parse("Funday 09:00-17:00"))
                .hasMessageContaining("'Funday' is not a day");
        assertThatThrownBy(() -> WeeklySchedule.parse("Mon 9-17")).hasMessageContaining(WeeklySchedule.HELP);
        assertThatThrownBy(() -> WeeklySchedule.parse(" , ")).hasMessageContaining("at least one opening");
    }
}
