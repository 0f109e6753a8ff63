package io.headroom.views.showback;

import io.headroom.core.report.ReportFormat;
import io.headroom.views.ChoiceNames;
import io.headroom.views.Messages;
import java.util.Optional;
import javafx.collections.FXCollections;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/**
 * File → Export report…: what to export (showback, idle by hour, the overview) and as what; the
 * showback's grouping, period and range are the Showback page's own, shown in the same dialog.
 */
final class ExportReportDialog {

    record Choice(ReportContents contents, ReportFormat format) {}

    private ExportReportDialog() {}

    static Optional<Choice> ask(Messages messages, ShowbackViewModel showback, Window owner) {
        var dialog = new Dialog<Choice>();
        dialog.initOwner(owner);
        dialog.setTitle(messages.get("report.dialog.title"));
        var contents = new ComboBox<>(FXCollections.observableArrayList(ReportContents.values()));
        ChoiceNames.show(contents, c -> messages.get("report.dialog.what." + c.id()));
        contents.setValue(ReportContents.SHOWBACK);
        var format = new ComboBox<ReportFormat>();
        ChoiceNames.show(format, f -> messages.get("report.format." + f.id()));
        contents.valueProperty().subscribe(c -> {
            format.getItems().setAll(c.formats());
            format.setValue(format.getItems().getFirst());
        });
        var grouping =
                new ComboBox<>(FXCollections.observableArrayList(io.headroom.core.showback.ShowbackGrouping.values()));
        ChoiceNames.show(grouping, g -> messages.get("showback.group." + g.id()));
        grouping.valueProperty().bindBidirectional(showback.grouping());
        var range = new ComboBox<>(FXCollections.observableArrayList(ShowbackView.RANGES));
        ChoiceNames.show(range, r -> messages.format("showback.range", r.days()));
        range.valueProperty().bindBidirectional(showback.range());
        grouping.disableProperty().bind(contents.valueProperty().isNotEqualTo(ReportContents.SHOWBACK));
        range.disableProperty().bind(grouping.disableProperty());
        var grid = new GridPane(8, 8);
        grid.addRow(0, new Label(messages.get("report.dialog.what")), contents);
        grid.addRow(1, new Label(messages.get("report.dialog.format")), format);
        grid.addRow(2, new Label(messages.get("showback.group-by")), grouping);
        grid.addRow(3, new Label(messages.get("showback.column.period")), range);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.setResultConverter(
                button -> button == ButtonType.OK ? new Choice(contents.getValue(), format.getValue()) : null);
        Optional<Choice> choice = dialog.showAndWait();
        grouping.valueProperty().unbindBidirectional(showback.grouping());
        range.valueProperty().unbindBidirectional(showback.range());
        return choice;
    }
}
