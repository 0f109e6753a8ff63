package io.headroom.views.shell;

import io.headroom.core.report.ReportFormat;
import io.headroom.views.Messages;
import io.headroom.views.showback.ExportReportFlow;
import io.headroom.views.showback.ReportContents;
import io.headroom.views.showback.ReportExporter;
import io.headroom.views.showback.ShowbackPdf;
import io.headroom.views.showback.ShowbackView;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.scene.Node;

/** File → Export report… and the Showback page's export menu: which page, which file, written off the FX thread. */
final class ShellReports {

    private final ShellPages pages;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("report-writer").factory());
    private final ReportExporter exporter;
    private final ZoneId zone;

    private final java.util.function.Consumer<ReportContents> showPage;

    /** @param showPage brings the page to the front and lays it out: a picture is of the page as shown */
    ShellReports(ShellPages pages, ShowbackPdf pdf, ZoneId zone, java.util.function.Consumer<ReportContents> showPage) {
        this.pages = pages;
        this.showPage = showPage;
        this.zone = zone;
        this.exporter = new ReportExporter(pages.messages, pdf, writer);
    }

    Messages messages() {
        return pages.messages;
    }

    /** FX thread: writes {@code contents} as {@code format} to {@code file}; the Showback page is built if need be. */
    CompletableFuture<Path> write(ReportContents contents, ReportFormat format, Path file) {
        if (format == ReportFormat.PNG) {
            showPage.accept(contents);
        }
        return switch (contents) {
            case SHOWBACK -> {
                ShowbackView view = pages.showback.get();
                yield exporter.showback(format, view, view.model().showback().get(), file);
            }
            case HISTORY -> {
                if (pages.history == null) {
                    yield CompletableFuture.failedFuture(
                            new java.io.IOException(messages().get("history.empty")));
                }
                var view = pages.history.get();
                yield exporter.history(format, view, view.grid(), zone, file);
            }
            case OVERVIEW -> exporter.picture((Node) pages.overview, file);
        };
    }

    /** File → Export report…: the dialog, a file chooser, then the writing. */
    void exportFromMenu(Node owner) {
        new ExportReportFlow(messages(), pages.showback.get().model(), this::write).run(owner);
    }

    /** The Showback page's own export menu. */
    void exportShowback(ReportFormat format, Node owner) {
        new ExportReportFlow(messages(), pages.showback.get().model(), this::write)
                .chooseFileAndWrite(ReportContents.SHOWBACK, format, owner);
    }

    void dispose() {
        writer.shutdownNow();
    }
}
