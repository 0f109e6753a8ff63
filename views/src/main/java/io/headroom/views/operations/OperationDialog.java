package io.headroom.views.operations;

import io.headroom.views.Messages;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.stage.Modality;
import javafx.stage.Window;

/**
 * The dialog around an {@link OperationForm}. "Queue" stays pressed until the outbox has the
 * operation on disk: the dialog closes only then, so nothing confirmed is lost to a crash a
 * moment later. Laptop mode only; the wall never opens it.
 */
public final class OperationDialog extends Dialog<Void> {

    private final OperationForm form;

    public OperationDialog(Window owner, Messages messages, OperationForm form) {
        this.form = form;
        if (owner != null) {
            initOwner(owner);
            // A dialog is a window of its own: without the owner's theme it is Modena's light grey,
            // and high contrast's white-on-black fields turn unreadable.
            if (owner.getScene() != null) {
                getDialogPane().getStylesheets().setAll(owner.getScene().getStylesheets());
            }
        }
        getDialogPane().getStyleClass().add("hr-dialog");
        initModality(Modality.WINDOW_MODAL);
        setTitle(messages.get("operation.dialog.title"));
        setResizable(true);
        var queue = new ButtonType(messages.get("operation.queue"), ButtonBar.ButtonData.OK_DONE);
        // Not ButtonType.CANCEL: JavaFX words it in the JVM's default language, not the console's.
        var cancel = new ButtonType(messages.get("dialog.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        getDialogPane().getButtonTypes().setAll(queue, cancel);
        getDialogPane().setContent(form);
        getDialogPane().setPrefWidth(640);
        Button queueButton = (Button) getDialogPane().lookupButton(queue);
        queueButton.setId("operation-queue");
        queueButton.disableProperty().bind(form.model().readyProperty().not());
        queueButton.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume(); // closes only once saved
            // A failed save is shown in the form (save status) and the dialog stays open; nothing else waits on this.
            var unusedClosed = form.model().submit().thenRun(() -> {
                setResult(null);
                close();
            });
        });
        setResultConverter(button -> null);
        // Lets tests and tools find the dialog from its window.
        setOnShown(e -> getDialogPane().getScene().getWindow().getProperties().put(OperationDialog.class, this));
    }

    public OperationForm form() {
        return form;
    }
}
