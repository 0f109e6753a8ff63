package io.headroom.store.history;

import java.time.Duration;
import java.time.ZoneId;

/**
 * How long each tier of idle history is kept, and where days begin. Settings; the defaults
 * are: minutes for 48 hours, hours for 90 days, days for 2 years.
 *
 * @param dayZone days are rolled up from midnight to midnight here, so a manager in Shanghai
 *                sees Shanghai days (an hour belongs to the day its start falls in)
 */
public record HistorySettings(Duration keepMinutes, Duration keepHours, Duration keepDays, ZoneId dayZone) {

    public static final HistorySettings DEFAULTS =
            new HistorySettings(Duration.ofDays(2), Duration.ofDays(90), Duration.ofDays(730), ZoneId.systemDefault());

    public HistorySettings {
        if (keepMinutes.toMinutes() < 60) {
            // An hour is rolled up from its minutes after it closes; keep at least that hour.
            throw new IllegalArgumentException("keep minutes for at least an hour, was " + keepMinutes);
        }
        if (keepHours.toHours() < 48) {
            throw new IllegalArgumentException("keep hours for at least two days, was " + keepHours);
        }
        if (keepDays.toDays() < 1) {
            throw new IllegalArgumentException("keep days for at least a day, was " + keepDays);
        }
    }

    public HistorySettings withDayZone(ZoneId zone) {
        return new HistorySettings(keepMinutes, keepHours, keepDays, zone);
    }
}
