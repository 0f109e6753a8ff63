package io.headroom.views.holders;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.workload.FleetWorkloads;
import io.headroom.views.Messages;
import io.headroom.views.live.FleetFeed;
import io.headroom.views.live.FleetFrame;
import io.headroom.views.live.WhileShown;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.util.Subscription;

/**
 * Who holds the idle: the workloads holding held-idle GPUs, most GPU-hours wasted first, with
 * the picked one's GPUs live beside them. Refreshed once per pulse of the shared feed, never
 * per batch, and only while showing. Picking a workload tells {@link #setOnHighlight} its GPU
 * slots, for the heatmap and racks to outline.
 */
public final class IdleHoldersView extends BorderPane {

    private final IdleHoldersViewModel model;
    private final TableView<HolderRow> table = new TableView<>();
    private final HolderDetail detail;
    private final Subscription feeding;
    private Consumer<int[]> onHighlight = slots -> {};
    private java.util.function.BiFunction<
                    io.headroom.core.workload.Workload, String, List<io.headroom.views.node.NodeAction>>
            actionsFor = (workload, label) -> List.of();
    private final HBox actions = new HBox(8);
    private io.headroom.core.workload.Workload offeredFor;
    private final Messages messages;
    private int[] highlighted = new int[0];
    private FleetFrame lastFrame;

    public IdleHoldersView(FleetFeed feed, FleetWorkloads workloads, Messages messages, ZoneId zone) {
        this.model = new IdleHoldersViewModel(workloads, feed.classifier(), messages);
        this.detail = new HolderDetail(messages, feed.classifier(), zone);
        this.messages = messages;
        actions.setId("holder-actions");
        actions.getStyleClass().add("hr-holder-actions");
        detail.setBottom(actions);
        io.headroom.views.node.NodeAction.offer(actions, List.of());
        getStyleClass().add("hr-holders");
        setTop(bar(messages));
        var split = new SplitPane(table(messages), detail);
        // The ranked list wants the width (nine columns); the picked workload reads well in a band below it.
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.55);
        setCenter(split);
        table.getSelectionModel().selectedItemProperty().subscribe(row -> {
            if (lastFrame != null) {
                showPicked(lastFrame);
            }
        });
        feeding = WhileShown.feed(this, feed, this::show);
    }

    public IdleHoldersViewModel model() {
        return model;
    }

    public TableView<HolderRow> table() {
        return table;
    }

    /** Told the GPU slots of the picked workload (empty when none is picked), whenever they change. */
    public void setOnHighlight(Consumer<int[]> onHighlight) {
        this.onHighlight = Objects.requireNonNull(onHighlight);
    }

    /**
     * What can be done to a workload (notify its owner, requeue, cancel, evict), given the workload
     * and how a dialog names it; offered as buttons under the picked one's detail. None by default.
     */
    public void setActionsFor(
            java.util.function.BiFunction<
                            io.headroom.core.workload.Workload, String, List<io.headroom.views.node.NodeAction>>
                    actionsFor) {
        this.actionsFor = Objects.requireNonNull(actionsFor);
        offeredFor = null;
        if (lastFrame != null) {
            showPicked(lastFrame);
        }
    }

    /** Takes one refresh. FX thread. */
    public void show(FleetFrame frame) {
        lastFrame = frame;
        HolderRow selected = table.getSelectionModel().getSelectedItem();
        if (model.update(frame.telemetry(), frame.nowMillis())
                && selected != null
                && model.rows().contains(selected)) {
            table.getSelectionModel().select(selected); // the list moved; keep the operator's place in it
        }
        showPicked(frame);
    }

    private void showPicked(FleetFrame frame) {
        HolderRow row = table.getSelectionModel().getSelectedItem();
        if (row == null) {
            detail.showNothing();
            highlight(new int[0]);
            offer(null);
            return;
        }
        detail.show(row.holder().workload(), frame.telemetry(), frame.nowMillis());
        offer(row.holder().workload());
        highlight(gpuSlots(frame.telemetry().layout(), row.holder().slots()));
    }

    /** The buttons for the picked workload, rebuilt only when another workload (or a changed one) is picked. */
    private void offer(io.headroom.core.workload.Workload workload) {
        if (java.util.Objects.equals(workload, offeredFor)) {
            return;
        }
        offeredFor = workload;
        io.headroom.views.node.NodeAction.offer(
                actions,
                workload == null
                        ? List.of()
                        : actionsFor.apply(
                                workload,
                                messages.format(
                                        "holders.actions.label",
                                        HolderText.kind(messages, workload),
                                        workload.schedulerId().isEmpty() ? workload.id() : workload.schedulerId(),
                                        HolderText.orNone(messages, workload.user()))));
    }

    /** The heatmap and racks draw GPUs: a slice is outlined as its GPU. */
    private static int[] gpuSlots(FleetLayout layout, int[] slots) {
        return Arrays.stream(slots)
                .map(slot -> layout.isSlice(slot) ? layout.parentGpuSlot(slot) : slot)
                .distinct()
                .toArray();
    }

    private void highlight(int[] slots) {
        if (!Arrays.equals(slots, highlighted)) {
            highlighted = slots;
            onHighlight.accept(slots);
        }
    }

    /** Stops reading the fleet for good. FX thread. */
    public void dispose() {
        feeding.unsubscribe();
        highlight(new int[0]);
    }

    private HBox bar(Messages messages) {
        Label title = new Label(messages.get("holders.title"));
        title.getStyleClass().add("hr-view-title");
        Label summary = new Label();
        summary.setId("holders-summary");
        summary.getStyleClass().add("hr-bar-text");
        summary.textProperty().bind(model.summaryProperty());
        HBox bar = new HBox(title, summary);
        bar.getStyleClass().add("hr-view-bar");
        return bar;
    }

    private TableView<HolderRow> table(Messages messages) {
        table.setItems(model.rows());
        table.setId("holders-table");
        table.getStyleClass().add("hr-holders-table");
        table.getSelectionModel().setSelectionMode(SelectionMode.SINGLE);
        Label empty = new Label();
        empty.setId("holders-empty");
        empty.setWrapText(true);
        empty.textProperty().bind(model.emptyTextProperty());
        table.setPlaceholder(empty);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        io.headroom.views.WholeHeaders.keep(table);
        table.getColumns()
                .setAll(List.of(
                        column(messages.get("holders.column.job"), 190, HolderRow::jobProperty),
                        column(messages.get("holders.column.user"), 80, HolderRow::userProperty),
                        column(messages.get("holders.column.account"), 110, HolderRow::accountProperty),
                        column(messages.get("holders.column.pool"), 80, HolderRow::poolProperty),
                        column(messages.get("holders.column.gpus"), 90, HolderRow::gpusProperty),
                        column(messages.get("holders.column.idle-for"), 70, HolderRow::idleForProperty),
                        column(messages.get("holders.column.wasted"), 90, HolderRow::wastedProperty),
                        column(messages.get("holders.column.runtime"), 110, HolderRow::runtimeProperty),
                        column(messages.get("holders.column.nodes"), 200, HolderRow::nodesProperty)));
        return table;
    }

    private static TableColumn<HolderRow, String> column(
            String title, double width, Function<HolderRow, ObservableValue<String>> value) {
        TableColumn<HolderRow, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        // The rank is the order; sorting by a column's text would put "10" before "9".
        column.setSortable(false);
        column.setCellValueFactory(features -> value.apply(features.getValue()));
        return column;
    }
}
