package io.headroom.views.overview;

import io.headroom.core.idle.IdleState;
import io.headroom.views.Messages;
import io.headroom.views.StateStyle;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The fleet's headline figures in type large enough for a wall: first what idle capacity
 * is worth and what the fleet draws, then how many GPUs sit in each state. The state tiles
 * carry the heatmap's colours, so they double as its legend from across the room.
 */
public final class OverviewView extends VBox {

    private final OverviewViewModel model;

    public OverviewView(OverviewViewModel model) {
        this.model = model;
        Messages messages = model.messages();
        getStyleClass().add("hr-overview");

        Figure idleCapacity = new Figure(messages.get("figure.idle-capacity.caption"), model.idleCapacityTextProperty(),
                unit(messages.get("figure.idle-capacity.unit")), model.idleCapacityDetailProperty());
        Figure utilization = new Figure(messages.get("figure.utilization.caption"), model.utilizationTextProperty(),
                null, model.utilizationDetailProperty());
        Figure power = new Figure(messages.get("figure.power.caption"), model.powerTextProperty(),
                unit(messages.get("figure.power.unit")), model.powerDetailProperty());
        Figure mig = new Figure(messages.get("figure.mig.caption"), model.migTextProperty(),
                model.migTotalTextProperty(), model.migDetailProperty());
        Figure staleNodes = new Figure(messages.get("figure.stale-nodes.caption"), model.staleNodesTextProperty(),
                model.staleNodesTotalTextProperty(), model.staleNodesDetailProperty());
        staleNodes.alertWhen(model.anyStaleProperty());
        idleCapacity.setId("figure-idle-capacity");
        utilization.setId("figure-utilization");
        power.setId("figure-power");
        mig.setId("figure-mig");
        staleNodes.setId("figure-stale-nodes");
        HBox fleetFigures = row(idleCapacity, utilization, power, mig, staleNodes);

        HBox stateFigures = new HBox();
        for (IdleState state : IdleState.values()) {
            stateFigures.getChildren().add(stateFigure(state));
        }
        stateFigures.getStyleClass().add("hr-figure-row");
        stateFigures.getChildren().forEach(OverviewView::shareWidthEqually);

        getChildren().addAll(fleetFigures, stateFigures);
    }

    public OverviewViewModel model() {
        return model;
    }

    private Figure stateFigure(IdleState state) {
        Figure figure = new Figure(model.messages().stateName(state),
                model.countTextProperty(state), null, model.shareTextProperty(state));
        Region swatch = new Region();
        swatch.getStyleClass().addAll("hr-swatch", StateStyle.styleClass(state));
        swatch.setMaxWidth(Double.MAX_VALUE);
        figure.getChildren().addFirst(swatch);
        figure.getStyleClass().addAll("hr-state-figure", StateStyle.styleClass(state));
        figure.setId("state-" + StateStyle.styleClass(state));
        return figure;
    }

    private static ReadOnlyStringProperty unit(String text) {
        return new ReadOnlyStringWrapper(text).getReadOnlyProperty();
    }

    private static HBox row(Figure... figures) {
        HBox row = new HBox(figures);
        row.getStyleClass().add("hr-figure-row");
        for (Figure figure : figures) {
            shareWidthEqually(figure);
        }
        return row;
    }

    /** Tiles of one row get equal widths whatever their text, so figures do not jump as values change. */
    private static void shareWidthEqually(javafx.scene.Node tile) {
        HBox.setHgrow(tile, Priority.ALWAYS);
        ((Region) tile).setPrefWidth(0);
    }
}
