package io.headroom.views.operations;

import io.headroom.views.Messages;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The Operations page's building blocks: section headings, captions, and its tables' columns. */
final class OperationsParts {

    private OperationsParts() {}

    /** A section's heading: its caption, then what the caller lines up after it. */
    static HBox section(Label caption, javafx.scene.Node... rest) {
        var bar = new HBox(caption);
        bar.getChildren().addAll(rest);
        bar.getStyleClass().add("hr-operations-bar");
        return bar;
    }

    static Region growing() {
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return spacer;
    }

    static Label caption(Messages messages, String key) {
        var label = new Label(messages.get(key));
        label.getStyleClass().add("hr-panel-caption");
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    /** A line that gives way on a narrow page keeps all of its text in a tooltip. */
    static void holdsAll(Label label) {
        label.setTooltip(new Tooltip());
        label.getTooltip().textProperty().bind(label.textProperty());
    }

    static Label placeholder(Messages messages, String key) {
        var label = new Label(messages.get(key));
        label.getStyleClass().add("hr-empty-state");
        label.setWrapText(true);
        return label;
    }

    static <R> TableColumn<R, String> column(Messages messages, String key, double width, Function<R, String> value) {
        var column = new TableColumn<R, String>(messages.get(key));
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        column.setPrefWidth(width);
        // Newest first is the order that matters; sorting by a column's text would put "10" before "9".
        column.setSortable(false);
        return column;
    }

    static <R> TableColumn<R, String> styled(TableColumn<R, String> column, String styleClass) {
        column.getStyleClass().add(styleClass);
        return column;
    }

    /** A column whose text may run long: the cell's tooltip holds all of it (the detail pane too). */
    static <R> TableColumn<R, String> whole(TableColumn<R, String> column) {
        column.setCellFactory(c -> new TableCell<>() {
            private final Tooltip tip = new Tooltip();

            {
                tip.setWrapText(true);
                tip.setMaxWidth(640);
            }

            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                boolean none = empty || text == null || text.isEmpty();
                setText(none ? null : text);
                tip.setText(none ? "" : text);
                setTooltip(none ? null : tip);
            }
        });
        return column;
    }
}
