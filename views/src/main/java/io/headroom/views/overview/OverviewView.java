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
 * The fleet's headline figures in type large enough for a wall: what idle capacity is worth,
 * how busy the fleet is now and over the day, power against budget, the hottest inlet, open
 * alerts and what is not reporting; below, how many GPUs sit in each state, and how many MIG
 * slices are idle. The state tiles
 * carry the heatmap's colours, so they double as its legend from across the room.
 *
 * <p>Plain labels in styled boxes ({@link Figure}), not TilesFX tiles: TilesFX's number and
 * gauge skins size their type from a tile's smaller side, and in the wide, short tiles a
 * wall row needs they printed titles over values and captions of 9 to 15 px (tried, see the
 * issue's closing note). A figure's type is the theme's, in em, so the wall theme is larger,
 * and its colours are the theme's tokens, so a theme switch restyles it like everything else.
 */
public final class OverviewView extends VBox {

    private final OverviewViewModel model;

    public OverviewView(OverviewViewModel model) {
        this.model = model;
        Messages messages = model.messages();
        getStyleClass().add("hr-overview");

        Figure idleCapacity = new Figure(messages.get("figure.idle-capacity.caption"), model.idleCapacityTextProperty(),
                fixed(messages.get("figure.idle-capacity.unit")), model.idleCapacityDetailProperty());
        Figure utilization = new Figure(messages.get("figure.utilization.caption"), model.utilizationTextProperty(),
                null, model.utilizationDetailProperty());
        Figure cardHours = new Figure(messages.get("tile.card-hours.title"), model.cardHoursTextProperty(),
                null, model.cardHoursDetailProperty());
        Figure power = new Figure(messages.get("tile.power.title"), model.rackPowerTextProperty(),
                fixed(messages.get("figure.power.unit")), model.powerBudgetDetailProperty());
        power.getChildren().add(2, new BudgetBar(model.budgetShareProperty(), OverviewViewModel.NEAR_BUDGET));
        power.alertWhen(model.nearBudgetProperty());
        Figure inlet = new Figure(messages.get("tile.inlet.title"), model.inletTextProperty(), fixed("\u00b0C"),
                model.hottestInletDetailProperty());
        inlet.alertWhen(model.inletHotProperty());
        Figure openAlerts = new Figure(messages.get("tile.alerts.title"), model.openAlertsTextProperty(), null,
                model.openAlertsDetailProperty());
        openAlerts.alertWhen(model.anyCriticalProperty());
        Figure stale = new Figure(messages.get("figure.stale-nodes.caption"), model.staleNodesTextProperty(),
                model.staleNodesTotalTextProperty(), model.agentsDetailProperty());
        stale.alertWhen(model.linkTroubleProperty());
        Figure mig = new Figure(messages.get("figure.mig.caption"), model.migTextProperty(),
                model.migTotalTextProperty(), model.migDetailProperty());
        idleCapacity.setId("figure-idle-capacity");
        utilization.setId("figure-utilization");
        cardHours.setId("figure-card-hours");
        power.setId("figure-power");
        inlet.setId("figure-inlet");
        openAlerts.setId("figure-alerts");
        stale.setId("figure-stale-nodes");
        mig.setId("figure-mig");
        HBox fleetFigures = row(idleCapacity, utilization, cardHours, power, inlet, openAlerts, stale);

        HBox stateFigures = new HBox();
        for (IdleState state : IdleState.values()) {
            stateFigures.getChildren().add(stateFigure(state));
        }
        // Idle MIG slices close the state row: idle capacity finer than a whole GPU.
        stateFigures.getChildren().add(mig);
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

    private static ReadOnlyStringProperty fixed(String text) {
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
