package io.headroom.views;

import javafx.scene.Node;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumnBase;
import javafx.scene.control.skin.NestedTableColumnHeader;
import javafx.scene.control.skin.TableColumnHeader;

/**
 * Keeps every column header of a table readable: each column's minimum width is its header's
 * text in the header's own font (so it follows the theme and the language), and a table too
 * narrow for all its columns scrolls sideways instead of cutting "GPU-hours wasted" to "GPU-…".
 * One call per table ({@code TableView} or {@code TreeTableView}), after its columns are added.
 */
public final class WholeHeaders {

    private WholeHeaders() {}

    /** Gives each column of {@code table} at least its header text's width, from now on. */
    public static void keep(Control table) {
        // After each layout the headers carry the fonts the theme gave them; a minimum that grew
        // asks for one more layout, which then finds nothing to change.
        table.needsLayoutProperty().subscribe(needs -> {
            if (!needs) {
                fit(table);
            }
        });
    }

    private static void fit(Control table) {
        fit(table, java.util.Map.of());
    }

    /**
     * Gives each column of {@code table} its header text's width now, or what {@code atLeast}
     * asks for it where that is more (a column whose cells must stay whole); lays the table out
     * again when a minimum changed.
     */
    public static void fit(Control table, java.util.Map<TableColumnBase<?, ?>, Double> atLeast) {
        Node headerRow = table.lookup(".column-header-background"); // the headers only, not the rows
        if (headerRow == null) {
            return;
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
            double whole = Math.ceil(label.prefWidth(-1) + header.snappedLeftInset() + header.snappedRightInset());
            whole = Math.max(whole, atLeast.getOrDefault(column, 0.0));
            if (Math.abs(whole - column.getMinWidth()) > 0.5) { // follows a theme with a smaller font too
                column.setMinWidth(whole);
                changed = true;
            }
        }
        if (changed) {
            table.requestLayout();
        }
    }
}
