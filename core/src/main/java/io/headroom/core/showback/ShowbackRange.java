package io.headroom.core.showback;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "7d", "2w": the last whole UTC days before today. A report run from cron on Monday morning
 * with {@code 7d} covers Monday to Sunday of last week, never today's open day.
 */
public record ShowbackRange(int days) {

    /** Agents keep two years of days. */
    public static final int MAX_DAYS = 731;

    private static final Pattern TEXT = Pattern.compile("(\\d{1,4})([dw])");

    public ShowbackRange {
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("a range is 1 to " + MAX_DAYS + " days, was " + days);
        }
    }

    /** Parses {@code Nd} (days) or {@code Nw} (weeks); the message names what was wrong. */
    public static ShowbackRange parse(String text) {
        String given = text == null ? "" : text.strip();
        Matcher matcher = TEXT.matcher(given);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "'" + given + "' is not a range: give days or weeks, such as 7d, 30d or 4w");
        }
        int count = Integer.parseInt(matcher.group(1));
        int days = matcher.group(2).equals("w") ? count * 7 : count;
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("'" + given + "' is " + days + " days; a range is 1 to " + MAX_DAYS
                    + " days (agents keep two years)");
        }
        return new ShowbackRange(days);
    }

    /** The query for the days before {@code now}'s UTC day. */
    public UsageQuery query(Instant now, ShowbackGrouping grouping) {
        long to = LocalDate.ofInstant(now, ZoneOffset.UTC)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant()
                .toEpochMilli();
        return new UsageQuery(to - Duration.ofDays(days).toMillis(), to, grouping);
    }

    /** "7d" or "4w": as it was given, for file names and titles. */
    public String text() {
        return days % 7 == 0 ? (days / 7) + "w" : days + "d";
    }
}
