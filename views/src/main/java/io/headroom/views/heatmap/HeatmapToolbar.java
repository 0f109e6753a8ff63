package io.headroom.views.heatmap;

import io.headroom.core.idle.IdleState;
import io.headroom.views.ChoiceNames;
import io.headroom.views.Messages;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;
import org.controlsfx.control.CheckComboBox;

/**
 * The heatmap's controls above the cells: colour by state or a metric; filter by pool,
 * tenant, vendor or model and state (ControlsFX check lists: several of each at once); zoom out, in
 * and back to the whole fleet; and, when operations are offered, the servers picked by a
 * shift-drag with a button to drain them.
 *
 * <p>The controls flow onto a second line when the window is too narrow for one (1280 px, a
 * large font): none of them is ever cut short.
 */
final class HeatmapToolbar extends FlowPane {

    final ComboBox<Colouring> colouring = new ComboBox<>(FXCollections.observableArrayList(Colouring.values()));
    final CheckComboBox<String> pools = new CheckComboBox<>();
    final CheckComboBox<String> tenants = new CheckComboBox<>();
    final CheckComboBox<String> models = new CheckComboBox<>();
    final CheckComboBox<IdleState> states = new CheckComboBox<>(FXCollections.observableArrayList(IdleState.values()));
    /** Job id, pod, user, account or namespace: only the GPUs such workloads hold stay bright. */
    final javafx.scene.control.TextField holder = new javafx.scene.control.TextField();

    final Button zoomOut = new Button("\u2212");
    final Button zoomIn = new Button("+");
    final Button zoomAll = new Button();
    final Label selection = new Label();
    final Button drainSelected = new Button();
    final Button clearSelection = new Button();
    private HeatmapFilter.Choices choices;

    HeatmapToolbar(Messages messages, Runnable onFilter) {
        getStyleClass().add("hr-heatmap-toolbar");
        colouring.setId("heatmap-colouring");
        colouring.getSelectionModel().select(Colouring.STATE);
        ChoiceNames.show(colouring, c -> messages.get(c.nameKey()));
        pools.setId("heatmap-pools");
        tenants.setId("heatmap-tenants");
        models.setId("heatmap-models");
        states.setId("heatmap-states");
        filter(pools, messages.get("heatmap.filter.pool"), onFilter);
        filter(tenants, messages.get("heatmap.filter.tenant"), onFilter);
        // One box for vendors and models: the toolbar has no room for two at 1280 px.
        filter(models, messages.get("heatmap.filter.vendor-model"), onFilter);
        models.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(String choice) {
                if (choice == null) {
                    return "";
                }
                var vendor = HeatmapFilter.vendorOf(choice);
                return vendor == null
                        ? "\u2003" + choice
                        : messages.format(
                                "vendor.filter.all",
                                io.headroom.views.vendor.VendorTerms.of(messages, vendor)
                                        .name());
            }

            @Override
            public String fromString(String text) {
                return null; // the list is never edited as text
            }
        });
        filter(states, messages.get("heatmap.filter.state"), onFilter);
        states.setConverter(ChoiceNames.of(states.getItems(), messages::stateName));
        holder.setId("heatmap-holder");
        holder.setPromptText(messages.get("heatmap.filter.holder"));
        holder.setPrefColumnCount(8);
        holder.textProperty().subscribe((before, now) -> onFilter.run()); // on changes only: not while built
        zoomOut.setId("heatmap-zoom-out");
        zoomIn.setId("heatmap-zoom-in");
        zoomAll.setId("heatmap-zoom-all");
        zoomAll.setText(messages.get("heatmap.zoom.all"));
        selection.setId("heatmap-selection");
        selection.getStyleClass().add("hr-selection-count");
        drainSelected.setId("heatmap-drain-selected");
        drainSelected.setText(messages.get("heatmap.drain-selected"));
        clearSelection.setId("heatmap-clear-selection");
        clearSelection.setText(messages.get("heatmap.clear-selection"));
        Label colourBy = new Label(messages.get("heatmap.colour-by"));
        getChildren()
                .addAll(
                        colourBy,
                        colouring,
                        pools,
                        tenants,
                        models,
                        states,
                        holder,
                        selection,
                        drainSelected,
                        clearSelection,
                        zoomOut,
                        zoomIn,
                        zoomAll);
        for (Node child : getChildren()) {
            ((Region) child).setMinWidth(Region.USE_PREF_SIZE);
        }
        showSelection(0, "", false);
    }

    /** Offers the pools, tenants and models the inventory names; keeps what is still offered checked. */
    void offer(HeatmapFilter.Choices offered) {
        if (offered.equals(choices)) {
            return;
        }
        choices = offered;
        reoffer(pools, offered.pools());
        reoffer(tenants, offered.tenants());
        reoffer(models, offered.models());
    }

    Set<String> checked(CheckComboBox<String> box) {
        return new HashSet<>(box.getCheckModel().getCheckedItems());
    }

    Set<IdleState> checkedStates() {
        List<IdleState> checked = states.getCheckModel().getCheckedItems();
        return checked.isEmpty() ? EnumSet.noneOf(IdleState.class) : EnumSet.copyOf(checked);
    }

    /** "3 servers picked" with the drain and clear buttons, or nothing when none is (or operations are not offered). */
    void showSelection(int nodes, String text, boolean canDrain) {
        boolean any = nodes > 0;
        selection.setText(text);
        HeatmapLegend.shown(selection, any);
        HeatmapLegend.shown(drainSelected, any && canDrain);
        HeatmapLegend.shown(clearSelection, any);
    }

    private static <T> void filter(CheckComboBox<T> box, String title, Runnable onFilter) {
        box.setTitle(title);
        box.setShowCheckedCount(true);
        box.getCheckModel().getCheckedItems().addListener((ListChangeListener<T>) change -> onFilter.run());
    }

    private static void reoffer(CheckComboBox<String> box, Collection<String> items) {
        Set<String> wasChecked = new HashSet<>(box.getCheckModel().getCheckedItems());
        box.getCheckModel().clearChecks();
        box.getItems().setAll(items);
        for (String item : items) {
            if (wasChecked.contains(item)) {
                box.getCheckModel().check(item);
            }
        }
    }

    /** Zoom buttons as the viewport allows: out and back to the whole fleet once zoomed in, in up to the last step. */
    void showZoom(HeatmapViewport viewport) {
        zoomAll.setDisable(!viewport.zoomedIn());
        zoomOut.setDisable(!viewport.zoomedIn());
        zoomIn.setDisable(viewport.level() == HeatmapViewport.ZOOMS.length - 1);
    }
}
