package io.headroom.agent.history.keeper;

import io.headroom.protocol.v1.HistoryResolution;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * One history file's share of time: a UTC day of minutes, a month of hours or a year of days.
 * The name says which ("minutes-2026-12-06.hrh"), so retention and the range of a file set aside
 * as corrupt are read from names alone.
 */
record Segment(HistoryResolution resolution, String label, long fromMs, long toMs) {

    static final String SUFFIX = ".hrh";

    static Segment of(HistoryResolution resolution, long periodStartMs) {
        LocalDate day =
                Instant.ofEpochMilli(periodStartMs).atZone(ZoneOffset.UTC).toLocalDate();
        return switch (resolution) {
            case HISTORY_RESOLUTION_MINUTE ->
                new Segment(resolution, day.toString(), millis(day), millis(day.plusDays(1)));
            case HISTORY_RESOLUTION_HOUR -> {
                YearMonth month = YearMonth.from(day);
                yield new Segment(
                        resolution,
                        month.toString(),
                        millis(month.atDay(1)),
                        millis(month.plusMonths(1).atDay(1)));
            }
            case HISTORY_RESOLUTION_DAY ->
                new Segment(
                        resolution,
                        Integer.toString(day.getYear()),
                        millis(LocalDate.of(day.getYear(), 1, 1)),
                        millis(LocalDate.of(day.getYear() + 1, 1, 1)));
            default -> throw new IllegalArgumentException("no segment for " + resolution);
        };
    }

    /** The segment a file name is for, also for a name with ".corrupt-..." after it; null for other files. */
    static Segment parse(String fileName) {
        int dash = fileName.indexOf('-');
        int suffix = fileName.indexOf(SUFFIX);
        if (dash < 0 || suffix < dash) {
            return null;
        }
        HistoryResolution resolution = switch (fileName.substring(0, dash)) {
            case "minutes" -> HistoryResolution.HISTORY_RESOLUTION_MINUTE;
            case "hours" -> HistoryResolution.HISTORY_RESOLUTION_HOUR;
            case "days" -> HistoryResolution.HISTORY_RESOLUTION_DAY;
            default -> null;
        };
        if (resolution == null) {
            return null;
        }
        String label = fileName.substring(dash + 1, suffix);
        try {
            LocalDate start = switch (resolution) {
                case HISTORY_RESOLUTION_MINUTE -> LocalDate.parse(label);
                case HISTORY_RESOLUTION_HOUR -> YearMonth.parse(label).atDay(1);
                default -> LocalDate.of(Integer.parseInt(label), 1, 1);
            };
            return of(resolution, millis(start));
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }

    String fileName() {
        return prefix(resolution) + "-" + label + SUFFIX;
    }

    static String prefix(HistoryResolution resolution) {
        return switch (resolution) {
            case HISTORY_RESOLUTION_MINUTE -> "minutes";
            case HISTORY_RESOLUTION_HOUR -> "hours";
            default -> "days";
        };
    }

    boolean overlaps(long from, long to) {
        return fromMs < to && from < toMs;
    }

    private static long millis(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
}
