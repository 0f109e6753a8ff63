package io.headroom.views.alerts;

import io.headroom.views.Messages;
import java.time.Duration;
import java.util.List;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Modality;
import javafx.stage.Window;

/**
 * Asks for how long and why before an incident is silenced: the reason goes into the audit
 * log, so "Silence" stays disabled until one is typed. Laptop mode only; the wall never opens it.
 */
final class SilenceDialog extends Dialog<Void> {

    /** The lengths offered: long enough for a repair, never open-ended. */
    static final List<Duration> LENGTHS = List.of(
            Duration.ofHours(1), Duration.ofHours(4), Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(7));

    private final ComboBox<Choice<Duration>> length = new ComboBox<>();
    private final TextField reason = new TextField();

    SilenceDialog(Window owner, Messages messages, IncidentRow incident, AlertsViewModel model) {
        if (owner != null) {
            initOwner(owner);
        }
        initModality(Modality.WINDOW_MODAL);
        setTitle(messages.get("alert.silence.title"));
        setHeaderText(messages.format("alert.silence.header", incident.kindText(), incident.where()));
        for (Duration d : LENGTHS) {
            length.getItems().add(new Choice<>(d, lengthText(messages, d)));
        }
        length.getSelectionModel().select(1);
        length.setId("silence-length");
        reason.setId("silence-reason");
        reason.setPromptText(messages.get("alert.silence.reason-prompt"));
        reason.setPrefColumnCount(36);
        GridPane form = new GridPane();
        form.getStyleClass().add("hr-form");
        form.setHgap(12);
        form.setVgap(8);
        form.addRow(0, new Label(messages.get("alert.silence.for")), length);
        form.addRow(1, new Label(messages.get("alert.silence.reason")), reason);
        var silence = new ButtonType(messages.get("alert.silence.confirm"), ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().setAll(silence, ButtonType.CANCEL);
        getDialogPane().setContent(form);
        Button confirm = (Button) getDialogPane().lookupButton(silence);
        confirm.setId("silence-confirm");
        confirm.disableProperty().bind(reason.textProperty().map(String::isBlank));
        confirm.addEventFilter(
                ActionEvent.ACTION,
                event -> model.silence(incident, length.getValue().value(), reason.getText()));
        setResultConverter(button -> null);
    }

    /** "4 hours", "7 days". */
    static String lengthText(Messages messages, Duration length) {
        return length.toHoursPart() == 0 && length.toDays() > 0
                ? messages.format("alert.silence.days", length.toDays())
                : messages.format("alert.silence.hours", length.toHours());
    }
}
