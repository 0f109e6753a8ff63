package io.headroom.views.showback;

import io.headroom.core.report.ReportFormat;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a report from the console holds, and the formats each can be written as. */
// Its formats are an unmodifiable Set.of, set once; the checker cannot see that through the interface.
@SuppressWarnings("ImmutableEnumChecker")
public enum ReportContents {
    /** The Showback page: the one-page PDF report, its lines as CSV, or the page as a picture. */
    SHOWBACK(EnumSet.allOf(ReportFormat.class)),
    /** The Idle by hour page: its cells as CSV, or the page as a picture. */
    HISTORY(EnumSet.of(ReportFormat.CSV, ReportFormat.PNG)),
    /** The Overview page as a picture. */
    OVERVIEW(EnumSet.of(ReportFormat.PNG));

    private final Set<ReportFormat> formats;

    ReportContents(Set<ReportFormat> formats) {
        this.formats = formats;
    }

    public Set<ReportFormat> formats() {
        return formats;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
