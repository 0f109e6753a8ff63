package io.headroom.views.showback;

import io.headroom.core.report.CsvTable;
import io.headroom.core.showback.Showback;
import io.headroom.core.showback.ShowbackGrouping;
import io.headroom.core.showback.ShowbackHours;
import io.headroom.core.showback.ShowbackLine;
import io.headroom.core.showback.ShowbackPeriod;
import io.headroom.views.Messages;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Showback in the operator's words, one source for the page, the CSV and the PDF: column names,
 * period and group names, and figures where an unknown figure reads as unknown, never 0.
 */
public final class ShowbackText {

    private final Messages messages;
    private final ShowbackGrouping grouping;

    public ShowbackText(Messages messages, ShowbackGrouping grouping) {
        this.messages = messages;
        this.grouping = grouping;
    }

    public Messages messages() {
        return messages;
    }

    public String groupingName(ShowbackGrouping by) {
        return messages.get("showback.group." + by.id());
    }

    public String periodName(ShowbackPeriod period) {
        return messages.get("showback.period." + period.id());
    }

    /** The group's name; "nobody" for the free GPUs of owner groupings, "unnamed" otherwise. */
    public String key(String key) {
        if (!key.isEmpty()) {
            return key;
        }
        return messages.get(grouping.byOwner() ? "showback.key.nobody" : "showback.key.unnamed");
    }

    /** "2026-11-30", "2026-W49" or "2026-11": the period a line covers. */
    public static String period(ShowbackPeriod period, long startMs) {
        var start = Instant.ofEpochMilli(startMs).atZone(ZoneOffset.UTC);
        return switch (period) {
            case DAY -> DateTimeFormatter.ISO_LOCAL_DATE.format(start);
            case WEEK -> DateTimeFormatter.ofPattern("YYYY-'W'ww", Locale.ROOT).format(start);
            case MONTH -> DateTimeFormatter.ofPattern("yyyy-MM", Locale.ROOT).format(start);
        };
    }

    public String hours(double hours) {
        return messages.oneDecimal(hours);
    }

    /** PFLOPS-hours, or the "unknown" mark when no GPU of the line had a known peak. */
    public String pflops(ShowbackHours hours, double value) {
        return hours.pflopsKnown() ? messages.oneDecimal(value) : messages.get("showback.unknown");
    }

    public String heldIdleShare(ShowbackHours hours) {
        return messages.share(hours.heldIdleShare());
    }

    /** Unknown and uncovered, together on the page: "—" when there were none. */
    public String unaccounted(ShowbackHours hours) {
        double unaccounted = hours.unknown() + hours.uncovered();
        return unaccounted > 0 ? messages.oneDecimal(unaccounted) : messages.get("value.none");
    }

    /** Every figure, one row per period and group, plain numbers a spreadsheet reads in any locale. */
    public CsvTable csv(Showback showback) {
        var table = new CsvTable(List.of(
                messages.get("showback.column.period"),
                groupingName(grouping),
                messages.get("showback.column.allocated"),
                messages.get("showback.column.busy"),
                messages.get("showback.column.held-idle"),
                messages.get("showback.column.held-idle-share"),
                messages.get("showback.column.free"),
                messages.get("showback.column.drained"),
                messages.get("showback.column.faulted"),
                messages.get("showback.column.unknown"),
                messages.get("showback.column.uncovered"),
                messages.get("showback.column.allocated-pflops"),
                messages.get("showback.column.busy-pflops"),
                messages.get("showback.column.held-idle-pflops"),
                messages.get("showback.column.without-peak")));
        for (ShowbackLine line : showback.lines()) {
            ShowbackHours h = line.hours();
            List<String> cells = new ArrayList<>();
            cells.add(period(showback.period(), line.periodStartMs()));
            cells.add(key(line.key()));
            cells.add(plain(h.allocated()));
            cells.add(plain(h.busy()));
            cells.add(plain(h.heldIdle()));
            // An empty cell, not 0: nothing was allocated, so there is no share.
            cells.add(Double.isNaN(h.heldIdleShare()) ? "" : String.format(Locale.ROOT, "%.4f", h.heldIdleShare()));
            cells.add(plain(h.free()));
            cells.add(plain(h.drained()));
            cells.add(plain(h.faulted()));
            cells.add(plain(h.unknown()));
            cells.add(plain(h.uncovered()));
            cells.add(h.pflopsKnown() ? plain(h.allocatedPflops()) : "");
            cells.add(h.pflopsKnown() ? plain(h.busyPflops()) : "");
            cells.add(h.pflopsKnown() ? plain(h.heldIdlePflops()) : "");
            cells.add(plain(h.gpuHoursWithoutPeak()));
            table.row(cells);
        }
        return table;
    }

    private static String plain(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
