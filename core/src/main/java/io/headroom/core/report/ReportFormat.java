package io.headroom.core.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a report is written as: a one-page PDF, a CSV table (UTF-8 with BOM) or a PNG picture. */
public enum ReportFormat {
    PDF,
    CSV,
    PNG;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The file name's ending, with its dot. */
    public String extension() {
        return "." + id();
    }

    public static Optional<ReportFormat> parse(String text) {
        String wanted = text == null ? "" : text.strip();
        return Arrays.stream(values())
                .filter(f -> f.id().equalsIgnoreCase(wanted))
                .findFirst();
    }

    /** The format a file name ends in, if any. */
    public static Optional<ReportFormat> ofFile(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(f -> lower.endsWith(f.extension()))
                .findFirst();
    }
}
