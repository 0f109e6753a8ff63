package io.headroom.views.showback;

import io.headroom.core.report.ReportFormat;
import io.headroom.views.Messages;
import java.io.File;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** The operator's steps to a report file: what and as what, where, then the file written and said so. */
public final class ExportReportFlow {

    /** Writes a report; FX thread to call, the future completes off it. */
    @FunctionalInterface
    public interface Writer {
        CompletableFuture<Path> write(ReportContents contents, ReportFormat format, Path file);
    }

    private final Messages messages;
    private final ShowbackViewModel showback;
    private final Writer writer;

    public ExportReportFlow(Messages messages, ShowbackViewModel showback, Writer writer) {
        this.messages = messages;
        this.showback = showback;
        this.writer = writer;
    }

    public void run(Node owner) {
        ExportReportDialog.ask(messages, showback, window(owner))
                .ifPresent(choice -> chooseFileAndWrite(choice.contents(), choice.format(), owner));
    }

    public void chooseFileAndWrite(ReportContents contents, ReportFormat format, Node owner) {
        var chooser = new FileChooser();
        chooser.setTitle(messages.get("report.dialog.title"));
        chooser.setInitialFileName(fileName(contents, format));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(format.name(), "*" + format.extension()));
        File file = chooser.showSaveDialog(window(owner));
        if (file == null) {
            return;
        }
        // The callback says how the writing went; the derived future adds nothing to watch.
        var unusedWritten = writer.write(contents, format, file.toPath())
                .whenComplete((written, failure) -> Platform.runLater(() -> {
                    var alert = new Alert(failure == null ? Alert.AlertType.INFORMATION : Alert.AlertType.ERROR);
                    alert.initOwner(window(owner));
                    alert.setHeaderText(null);
                    alert.setContentText(
                            failure == null
                                    ? messages.format("report.dialog.written", written)
                                    : messages.format("report.dialog.failed", reason(failure)));
                    alert.show();
                }));
    }

    /** "headroom-showback-tenant-7d-2026-12-06.pdf". */
    String fileName(ReportContents contents, ReportFormat format) {
        String what = contents == ReportContents.SHOWBACK
                ? "showback-" + showback.grouping().get().id() + "-"
                        + showback.range().get().text()
                : contents.id();
        return "headroom-" + what + "-" + LocalDate.now(ZoneOffset.UTC) + format.extension();
    }

    static String reason(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof java.io.UncheckedIOException io) {
            cause = io.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    private static Window window(Node owner) {
        return owner == null || owner.getScene() == null
                ? null
                : owner.getScene().getWindow();
    }
}
