package io.headroom.app;

import io.headroom.views.Messages;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;

/**
 * Why the console stopped before its window opened, in a small window of its own when nobody
 * would read standard error: started from the desktop menu, with no terminal. From a terminal
 * the stderr line is enough and no window opens.
 */
final class StartFailureDialog {

    private StartFailureDialog() {}

    /** Shows {@code why} when there is no terminal, waits for it to be closed, then ends the toolkit. */
    static void show(EarlyToolkit toolkit, Locale locale, String why) {
        if (toolkit == null) {
            return;
        }
        try {
            if (!hasTerminal()) {
                toolkit.await();
                var closed = new CountDownLatch(1);
                Platform.runLater(() -> {
                    try {
                        var messages = new Messages(locale);
                        var text = new Label(why);
                        text.setWrapText(true);
                        text.setMaxWidth(520);
                        var close = new ButtonType(messages.get("dialog.close"), ButtonBar.ButtonData.CANCEL_CLOSE);
                        var alert = new Alert(Alert.AlertType.ERROR, "", close);
                        alert.setTitle(messages.get("start.brand"));
                        alert.setHeaderText(messages.get("start.failed.header"));
                        alert.getDialogPane().setContent(text);
                        alert.showAndWait();
                    } finally {
                        closed.countDown();
                    }
                });
                closed.await();
            }
        } catch (IllegalStateException noDisplay) {
            // No window can open: the stderr line is all there is.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            toolkit.stop();
        }
    }

    private static boolean hasTerminal() {
        // Since JDK 22 System.console() is never null; isTerminal() says whether anyone reads stderr.
        return System.console().isTerminal();
    }
}
