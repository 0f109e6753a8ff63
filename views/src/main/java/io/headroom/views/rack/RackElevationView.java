package io.headroom.views.rack;

import io.headroom.core.alerts.RackLimits;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.idle.IdleState;
import io.headroom.views.Messages;
import io.headroom.views.StateStyle;
import io.headroom.views.live.FleetFeed;
import io.headroom.views.live.FleetFrame;
import io.headroom.views.live.WhileShown;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.css.PseudoClass;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.util.Subscription;

/**
 * Halls of racks as they stand on the floor: each rack with its servers at their rack
 * units, coloured by what their GPUs do, with inlet air and power against budget on top.
 * A technician picks the hall, finds the rack, clicks the server; the app is told which
 * node through {@code onNodeSelected}. Reads the fleet only while it is showing.
 */
public final class RackElevationView extends BorderPane {

    private static final PseudoClass ATTENTION = PseudoClass.getPseudoClass("stale");

    private final RackElevationViewModel model;
    private final RackCanvas racks;
    /** In the canvas's place while no rack has reported: a blank floor would say nothing. */
    private final Label noRacks = new Label();

    /** One per hall, between the title and the flagged racks in {@link #bar}. */
    private final java.util.List<ToggleButton> hallButtons = new java.util.ArrayList<>();

    private final FlowPane bar = new FlowPane();
    private final ToggleGroup hallGroup = new ToggleGroup();
    private final Label flaggedText = new Label();
    private final Subscription feeding;
    private Consumer<Integer> onNodeSelected;
    private int hall;

    private int[] highlightedSlots = new int[0];

    /** @param onNodeSelected told the node index when a server is clicked; FX thread */
    public RackElevationView(FleetFeed feed, Messages messages, Consumer<Integer> onNodeSelected) {
        this.model = new RackElevationViewModel(messages, feed.classifier().thresholds());
        this.onNodeSelected = Objects.requireNonNull(onNodeSelected);
        racks = new RackCanvas(model, node -> this.onNodeSelected.accept(node));
        racks.setId("rack-canvas");
        getStyleClass().add("hr-rack-elevation");

        Label title = new Label(messages.get("rack.title"));
        title.getStyleClass().add("hr-view-title");
        title.setMinWidth(Region.USE_PREF_SIZE);
        flaggedText.setId("rack-flagged");
        flaggedText.getStyleClass().add("hr-bar-text");
        flaggedText.setMinWidth(Region.USE_PREF_SIZE);
        actions.setId("rack-actions");
        actions.getStyleClass().add("hr-node-actions");
        actions.setMinWidth(Region.USE_PREF_SIZE);
        setActions(List.of());
        // Flows onto more lines rather than cutting anything short: long hall names (a language whose
        // words are wider, a site with many halls) wrap the hall buttons, then the actions.
        bar.getChildren().setAll(title, flaggedText, actions);
        bar.getStyleClass().addAll("hr-view-bar", "hr-rack-bar");
        setTop(bar);
        noRacks.setId("rack-empty");
        noRacks.getStyleClass().add("hr-empty-state");
        noRacks.setWrapText(true);
        noRacks.setText(messages.get("rack.empty"));
        BorderPane.setAlignment(noRacks, javafx.geometry.Pos.CENTER);
        setCenter(racks);
        setBottom(legend(messages));
        hallGroup.selectedToggleProperty().subscribe(toggle -> {
            if (toggle != null) {
                selectHall((Integer) toggle.getUserData());
            } else if (hall < hallButtons.size()) {
                // Clicking the shown hall again would leave none chosen; some hall is always on screen.
                hallButtons.get(hall).setSelected(true);
            }
        });
        feeding = WhileShown.feed(this, feed, this::show);
    }

    public RackElevationViewModel model() {
        return model;
    }

    private final HBox actions = new HBox();

    /** What the operator can do to a whole rack (drain it, resume it); an empty list hides the area. */
    public void setActions(List<io.headroom.views.node.NodeAction> offered) {
        io.headroom.views.node.NodeAction.offer(actions, offered);
    }

    public void setOnNodeSelected(Consumer<Integer> onNodeSelected) {
        this.onNodeSelected = Objects.requireNonNull(onNodeSelected);
    }

    /** Shows the hall with this index in the selector (0 is the first). */
    public void selectHall(int hall) {
        this.hall = hall;
        racks.setHall(hall);
        if (hall < hallButtons.size()) {
            hallButtons.get(hall).setSelected(true);
        }
    }

    /** Goes to a node: its hall, scrolled into view and outlined. For search results and alerts. */
    public void showNode(int node) {
        FleetLayout layout = model.plan() == null ? null : model.plan().layout;
        int rack =
                layout == null || node < 0 || node >= layout.nodeCount() ? FleetLayout.NONE : layout.rackOfNode(node);
        if (rack != FleetLayout.NONE) {
            selectHall(model.hallOfRack(rack));
        }
        racks.select(node);
    }

    /** The centre of a node's chassis in this view's coordinates, or null when it is not on screen. */
    public Point2D nodeCenter(int node) {
        Point2D inCanvas = racks.nodeCenter(node);
        return inCanvas == null ? null : racks.localToParent(inCanvas);
    }

    /** Outlines the servers that hold these GPU slots (a workload picked on the Idle holders page); empty clears. */
    public void setHighlighted(int[] gpuSlots) {
        highlightedSlots = gpuSlots.clone();
        applyHighlight();
    }

    private void applyHighlight() {
        int[] gpuSlots = highlightedSlots;
        FleetLayout layout = model.plan() == null ? null : model.plan().layout;
        var nodes = new java.util.BitSet();
        if (layout != null) {
            for (int slot : gpuSlots) {
                if (slot >= 0 && slot < layout.slotCount()) {
                    nodes.set(layout.nodeOfSlot(slot));
                }
            }
        }
        racks.setHighlightedNodes(nodes);
    }

    /** Pixels per rack unit as laid out now; 0 before the first refresh. */
    public int pixelsPerU() {
        return racks.uPx();
    }

    /** Takes one refresh of the fleet; called by the feed while showing, or directly. FX thread. */
    // Scene-graph nodes are compared by identity: is this the very node on screen.
    @SuppressWarnings("ReferenceEquality")
    public void show(FleetFrame frame) {
        model.update(frame.telemetry(), frame.summary(), frame.nowMillis());
        if (hallButtons.size() != model.hallCount()) {
            rebuildHallButtons();
        }
        int flagged = 0;
        for (int h = 0; h < model.hallCount(); h++) {
            hallButtons.get(h).setText(model.hallButtonText(h));
            flagged += model.flaggedRacks(h);
        }
        Messages messages = model.messages();
        javafx.scene.Node center = frame.telemetry().layout().rackCount() == 0 ? noRacks : racks;
        if (getCenter() != center) {
            setCenter(center);
        }
        // No rack reported is not every rack within limits.
        flaggedText.setText(
                frame.telemetry().layout().rackCount() == 0
                        ? messages.get("rack.flagged.no-racks")
                        : flagged == 0
                                ? messages.get("rack.flagged.none")
                                : messages.format("rack.flagged", messages.integer(flagged)));
        flaggedText.pseudoClassStateChanged(ATTENTION, flagged > 0);
        if (highlightedSlots.length > 0) {
            applyHighlight(); // the plan may be new, or was not there when the workload was picked
        }
        racks.refresh();
    }

    RackCanvas canvas() {
        return racks;
    }

    /** Stops reading the fleet for good and drops the listeners on the window. FX thread. */
    public void dispose() {
        feeding.unsubscribe();
    }

    private void rebuildHallButtons() {
        bar.getChildren().removeAll(hallButtons);
        hallButtons.clear();
        hallGroup.getToggles().clear();
        for (int h = 0; h < model.hallCount(); h++) {
            ToggleButton button = new ToggleButton();
            button.setUserData(h);
            button.setToggleGroup(hallGroup);
            button.setId("hall-" + h);
            button.getStyleClass().add("hr-hall-button");
            button.setMinWidth(Region.USE_PREF_SIZE);
            hallButtons.add(button);
        }
        bar.getChildren().addAll(1, hallButtons);
        selectHall(Math.min(hall, Math.max(0, model.hallCount() - 1)));
    }

    private static HBox legend(Messages messages) {
        var legend = new io.headroom.views.HintedLegend(messages.get("rack.hint"));
        for (IdleState state : IdleState.values()) {
            legend.addItems(StateStyle.legendItem(messages, state));
        }
        Region flag = new Region();
        flag.getStyleClass().add("hr-rack-flag-swatch");
        Label flagged = new Label(
                messages.format(
                        "rack.legend.flagged",
                        messages.integer(Math.round(RackLimits.HOT_INLET_C)),
                        messages.percent(RackLimits.BUDGET_SHARE * 100)),
                flag);
        flagged.getStyleClass().add("hr-legend-item");
        flagged.setMinWidth(Region.USE_PREF_SIZE);
        legend.addItems(flagged);
        return legend;
    }
}
