package io.headroom.views.operations;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableColumnBase;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.NestedTableColumnHeader;
import javafx.scene.control.skin.TableColumnHeader;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/**
 * Keeps the short columns of an operations table whole: each column is at least as wide as its
 * header (as {@link io.headroom.views.WholeHeaders} keeps them on the other pages) and the named
 * columns as wide as their widest text (regular or bold), in the font the theme gives the cells, so "Conflict —
 * needs you" and a time never end in "…". What is left of the width goes to the long columns
 * (the action, why, the answer), whose whole text is in a tooltip and the detail pane. A table
 * too narrow for that scrolls sideways.
 */
final class FittedColumns<L> {

    private final TableView<L> table;
    private final Map<TableColumn<L, String>, Function<L, String>> whole;
    private List<L> measuredItems = List.of();
    private Font measuredFont;
    private Map<TableColumnBase<?, ?>, Double> cellWidths = Map.of();

    private FittedColumns(TableView<L> table, Map<TableColumn<L, String>, Function<L, String>> whole) {
        this.table = table;
        this.whole = whole;
    }

    /** From now on; one call per table, after its columns are added. */
    static <L> void keep(TableView<L> table, Map<TableColumn<L, String>, Function<L, String>> whole) {
        var fitted = new FittedColumns<>(table, whole);
        table.needsLayoutProperty().subscribe(needs -> {
            if (!needs) {
                fitted.fit();
            }
        });
    }

    private void fit() {
        Node headerRow = table.lookup(".column-header-background");
        if (headerRow == null) {
            return;
        }
        Font font = table.lookup(".table-row-cell .table-cell") instanceof Labeled cell ? cell.getFont() : null;
        double cellInsets = table.lookup(".table-row-cell .table-cell") instanceof Labeled cell
                ? cell.snappedLeftInset() + cell.snappedRightInset()
                : 0;
        // Measured again only when the lines or the theme's font changed, not at every layout.
        if (font != null && (!table.getItems().equals(measuredItems) || !font.equals(measuredFont))) {
            measuredItems = List.copyOf(table.getItems());
            measuredFont = font;
            var widths = new java.util.HashMap<TableColumnBase<?, ?>, Double>();
            // Bold too: a row that waits for a decision says its state in bold.
            Text probe = new Text();
            Text boldProbe = new Text();
            probe.setFont(font);
            boldProbe.setFont(Font.font(font.getFamily(), FontWeight.BOLD, font.getSize()));
            whole.forEach((column, text) -> {
                double widest = 0;
                for (L line : measuredItems) {
                    probe.setText(text.apply(line));
                    boldProbe.setText(probe.getText());
                    widest = Math.max(
                            widest,
                            Math.max(
                                    probe.getLayoutBounds().getWidth(),
                                    boldProbe.getLayoutBounds().getWidth()));
                }
                widths.put(column, Math.ceil(widest + cellInsets + 2));
            });
            cellWidths = widths;
        }
        boolean changed = false;
        for (Node node : headerRow.lookupAll(".column-header")) {
            if (!(node instanceof TableColumnHeader header) || node instanceof NestedTableColumnHeader) {
                continue;
            }
            TableColumnBase<?, ?> column = header.getTableColumn();
            if (column == null || !(header.lookup(".label") instanceof Label label)) {
                continue;
            }
            double least = Math.ceil(label.prefWidth(-1) + header.snappedLeftInset() + header.snappedRightInset());
            least = Math.max(least, cellWidths.getOrDefault(column, 0.0));
            if (Math.abs(least - column.getMinWidth()) > 0.5) {
                column.setMinWidth(least);
                changed = true;
            }
        }
        if (changed) {
            table.requestLayout();
        }
    }
}
