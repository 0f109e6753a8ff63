package io.headroom.views.showback;

import io.headroom.core.report.CsvTable;
import io.headroom.core.report.ReportFormat;
import io.headroom.core.showback.Showback;
import io.headroom.views.Messages;
import io.headroom.views.history.IdleGrid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.scene.Node;

/**
 * Writes a report of a page: what must be read from the scene graph (a snapshot) is read on the
 * FX thread when asked, everything else (encoding, PDF, the file) on {@code background}.
 */
public final class ReportExporter {

    private final Messages messages;
    private final ShowbackPdf pdf;
    private final Executor background;

    public ReportExporter(Messages messages, ShowbackPdf pdf, Executor background) {
        this.messages = messages;
        this.pdf = pdf;
        this.background = background;
    }

    /** FX thread: the Showback page's report; {@code showback} null when nothing has been read yet. */
    public CompletableFuture<Path> showback(ReportFormat format, Node page, Showback showback, Path file) {
        if (format != ReportFormat.PNG && showback == null) {
            return CompletableFuture.failedFuture(new IOException(messages.get("showback.empty")));
        }
        return switch (format) {
            case PNG -> picture(page, file);
            case CSV -> {
                CsvTable table =
                        new ShowbackText(messages, showback.answer().query().grouping()).csv(showback);
                yield write(file, () -> writeCsv(table, file));
            }
            case PDF ->
                write(file, () -> {
                    try {
                        pdf.write(showback, messages, file);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        };
    }

    /** FX thread: the Idle by hour page as a picture, or its cells as CSV (one row per group and hour). */
    public CompletableFuture<Path> history(ReportFormat format, Node page, IdleGrid grid, ZoneId zone, Path file) {
        if (format == ReportFormat.PNG) {
            return picture(page, file);
        }
        if (format != ReportFormat.CSV || grid == null) {
            return CompletableFuture.failedFuture(new IOException(messages.get("history.empty")));
        }
        CsvTable table = historyCsv(grid, zone);
        return write(file, () -> writeCsv(table, file));
    }

    /** FX thread: a page as a picture. */
    public CompletableFuture<Path> picture(Node page, Path file) {
        PngFile png = PngFile.of(page);
        return write(file, () -> {
            try {
                png.write(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    CsvTable historyCsv(IdleGrid grid, ZoneId zone) {
        var table = new CsvTable(List.of(
                messages.get(grid.grouping().nameKey()),
                messages.get("history.csv.hour"),
                messages.get("history.csv.idle-share"),
                messages.get("history.csv.held-idle-share"),
                messages.get("history.csv.gpus")));
        var hour = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(zone);
        for (int row = 0; row < grid.groups().size(); row++) {
            for (int column = 0; column < grid.hours(); column++) {
                int gpus = grid.gpus(row, column);
                if (Double.isNaN(grid.idle(row, column))) {
                    continue; // no data for the hour: left out, never written as 0 % idle
                }
                Instant start = grid.hourStart(column);
                table.row(List.of(
                        grid.groups().get(row),
                        hour.format(start),
                        String.format(Locale.ROOT, "%.4f", grid.idle(row, column)),
                        Double.isNaN(grid.held(row, column))
                                ? ""
                                : String.format(Locale.ROOT, "%.4f", grid.held(row, column)),
                        Integer.toString(gpus)));
            }
        }
        return table;
    }

    private static void writeCsv(CsvTable table, Path file) {
        try (var out = Files.newOutputStream(file)) {
            table.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CompletableFuture<Path> write(Path file, Runnable writing) {
        return CompletableFuture.supplyAsync(
                () -> {
                    writing.run();
                    return file;
                },
                background);
    }
}
