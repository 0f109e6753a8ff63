package io.headroom.core.showback;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The period showback sums over. Days are UTC days, as the agents keep them; weeks start on
 * Monday (ISO), months on the first.
 */
public enum ShowbackPeriod {
    DAY,
    WEEK,
    MONTH;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The start of the period that holds this instant, in epoch milliseconds. */
    public long start(long epochMs) {
        LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
        LocalDate first = switch (this) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
        return first.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    public static Optional<ShowbackPeriod> parse(String text) {
        String wanted = text == null ? "" : text.strip();
        return Arrays.stream(values())
                .filter(p -> p.id().equalsIgnoreCase(wanted))
                .findFirst();
    }
}
