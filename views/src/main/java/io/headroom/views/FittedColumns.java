package io.headroom.views;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableColumnBase;
import javafx.scene.control.TableView;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/**
 * Keeps the short columns of a table whole: each column is at least as wide as its
 * header (as {@link WholeHeaders} keeps them on the other pages) and the named
 * columns as wide as their widest text (regular or bold), in the font the theme gives the cells, so "Conflict —
 * needs you" and a time never end in "…". What is left of the width goes to the long columns
 * (the action, why, the answer), whose whole text is in a tooltip and the detail pane. A table
 * too narrow for that scrolls sideways.
 */
public final class FittedColumns<L> {

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
    public static <L> void keep(TableView<L> table, Map<TableColumn<L, String>, Function<L, String>> whole) {
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
                var seen = new java.util.HashSet<String>(); // a showback's thousands of lines hold few groups
                for (L line : measuredItems) {
                    String said = text.apply(line);
                    if (!seen.add(said)) {
                        continue;
                    }
                    probe.setText(said);
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
        WholeHeaders.fit(table, cellWidths);
    }
}
