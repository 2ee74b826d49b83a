package dev.rapport.calendar;

import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opening hours per day of the week, in local time. The text form is what people write in a config
 * file or on the command line: {@code Mon-Fri 09:00-17:00, Sat 10:00-14:00}; a day may have several
 * ranges ({@code Mon 09:00-12:00 13:00-17:00}), a day range may wrap ({@code Fri-Mon}), and a range
 * may end at {@code 24:00} (midnight at the end of the day). Ranges of one day that touch or overlap
 * are merged, so every day is a sorted list of disjoint ranges.
 */
public final class WeeklySchedule {
    public static final String HELP =
            "must look like 'Mon-Fri 09:00-17:00, Sat 10:00-14:00' (days Mon..Sun, times HH:mm, end up to 24:00)";
    private static final int MINUTES_PER_DAY = 24 * 60;
    private static final Pattern ENTRY =
            Pattern.compile("([A-Za-z]+)(?:-([A-Za-z]+))?((?:\\s+\\d{1,2}:\\d{2}-\\d{1,2}:\\d{2})+)");
    private static final Pattern RANGE = Pattern.compile("(\\d{1,2}:\\d{2})-(\\d{1,2}:\\d{2})");
    private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})");

    /** Minutes since local midnight, {@code from} inclusive, {@code to} exclusive; {@code to} may be 1440. */
    public record Opening(int fromMinute, int toMinute) {
        public Opening {
            if (fromMinute < 0 || toMinute > MINUTES_PER_DAY || fromMinute >= toMinute) {
                throw new IllegalArgumentException("opening hours must run forwards within one day, got "
                        + clock(fromMinute) + "-" + clock(toMinute));
            }
        }

        /** The opening from {@code opens} to {@code closes}, both local times HH:mm ({@code closes} up to 24:00). */
        public static Opening between(String opens, String closes) {
            return new Opening(minute(opens), minute(closes));
        }

        @Override
        public String toString() {
            return clock(fromMinute) + "-" + clock(toMinute);
        }
    }

    private final Map<DayOfWeek, List<Opening>> days;

    private WeeklySchedule(Map<DayOfWeek, List<Opening>> days) {
        this.days = days;
    }

    /** A schedule from (day, opening) pairs; needs at least one opening, or no wait could ever end its SLA clock. */
    public static WeeklySchedule of(Map<DayOfWeek, List<Opening>> openings) {
        EnumMap<DayOfWeek, List<Opening>> merged = new EnumMap<>(DayOfWeek.class);
        openings.forEach((day, list) -> {
            if (!list.isEmpty()) {
                merged.put(day, merge(list));
            }
        });
        if (merged.isEmpty()) {
            throw new IllegalArgumentException("a schedule needs at least one opening");
        }
        return new WeeklySchedule(merged);
    }

    public static WeeklySchedule parse(String text) {
        Map<DayOfWeek, List<Opening>> openings = new EnumMap<>(DayOfWeek.class);
        for (String entry : text.split("[,;]")) {
            if (entry.isBlank()) {
                continue;
            }
            Matcher m = ENTRY.matcher(entry.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + entry.trim() + "' " + HELP);
            }
            DayOfWeek first = day(m.group(1));
            DayOfWeek last = m.group(2) == null ? first : day(m.group(2));
            Matcher r = RANGE.matcher(m.group(3));
            List<Opening> ranges = new ArrayList<>();
            while (r.find()) {
                ranges.add(Opening.between(r.group(1), r.group(2)));
            }
            for (DayOfWeek d = first; ; d = d.plus(1)) {
                openings.computeIfAbsent(d, x -> new ArrayList<>()).addAll(ranges);
                if (d == last) {
                    break;
                }
            }
        }
        return of(openings);
    }

    /** The openings of {@code day}, sorted and disjoint; empty when closed all day. */
    public List<Opening> on(DayOfWeek day) {
        return days.getOrDefault(day, List.of());
    }

    public Map<DayOfWeek, List<Opening>> days() {
        return Collections.unmodifiableMap(days);
    }

    /** The text form, one entry per day: parses back to an equal schedule. */
    @Override
    public String toString() {
        StringJoiner text = new StringJoiner(", ");
        days.forEach((day, openings) -> {
            StringJoiner entry = new StringJoiner(" ");
            entry.add(day.getDisplayName(TextStyle.SHORT, Locale.ROOT));
            openings.forEach(o -> entry.add(o.toString()));
            text.add(entry.toString());
        });
        return text.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeeklySchedule other && days.equals(other.days);
    }

    @Override
    public int hashCode() {
        return days.hashCode();
    }

    private static List<Opening> merge(List<Opening> openings) {
        List<Opening> sorted = new ArrayList<>(openings);
        sorted.sort((a, b) -> Integer.compare(a.fromMinute(), b.fromMinute()));
        List<Opening> merged = new ArrayList<>();
        for (Opening o : sorted) {
            Opening last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && o.fromMinute() <= last.toMinute()) {
                merged.set(merged.size() - 1, new Opening(last.fromMinute(), Math.max(last.toMinute(), o.toMinute())));
            } else {
                merged.add(o);
            }
        }
        return List.copyOf(merged);
    }

    private static DayOfWeek day(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            String full = d.name().toLowerCase(Locale.ROOT);
            if (lower.equals(full) || lower.equals(full.substring(0, 3))) {
                return d;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a day of the week (Mon..Sun)");
    }

    private static int minute(String time) {
        Matcher m = TIME.matcher(time.trim());
        int h = m.matches() ? Integer.parseInt(m.group(1)) : -1;
        int min = m.matches() ? Integer.parseInt(m.group(2)) : -1;
        if (h < 0 || min > 59 || h > 24 || (h == 24 && min > 0)) {
            throw new IllegalArgumentException("'" + time + "' is not a time of day (HH:mm, 00:00 to 24:00)");
        }
        return h * 60 + min;
    }

    public static String clock(int minute) {
        return String.format(Locale.ROOT, "%02d:%02d", minute / 60, minute % 60);
    }
}
