package io.headroom.core.alerts;

import java.util.Locale;

/** How soon someone must act: critical now (capacity is lost or about to be), warning soon. */
public enum AlertSeverity {
    CRITICAL,
    WARNING;

    public String nameKey() {
        return "alert.severity." + name().toLowerCase(Locale.ROOT);
    }

    public String styleClass() {
        return name().toLowerCase(Locale.ROOT);
    }
}
