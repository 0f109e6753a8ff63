package io.headroom.views.history;

import java.time.Duration;
import java.util.Locale;

/** How far back the "Idle by hour" heatmap looks. */
public enum HistoryRange {
    DAY(Duration.ofHours(24)),
    WEEK(Duration.ofDays(7)),
    MONTH(Duration.ofDays(30));

    private final Duration span;

    HistoryRange(Duration span) {
        this.span = span;
    }

    public Duration span() {
        return span;
    }

    public int hours() {
        return (int) span.toHours();
    }

    public String nameKey() {
        return "history.range." + name().toLowerCase(Locale.ROOT);
    }
}
