package io.headroom.views.history;

import java.util.Locale;

/** What the rows of the "Idle by hour" heatmap are. */
public enum Grouping {
    RACK,
    POOL,
    TENANT,
    HALL;

    public String nameKey() {
        return "history.group." + name().toLowerCase(Locale.ROOT);
    }
}
