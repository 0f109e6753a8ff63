package io.headroom.views.node;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.workload.FleetWorkloads;
import io.headroom.views.Messages;
import io.headroom.views.live.FleetFeed;
import io.headroom.views.live.FleetFrame;
import io.headroom.views.live.WhileShown;
import io.headroom.views.paint.CanvasTheme;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Subscription;

/**
 * One node, for the technician about to work on it: hostname, serial, rack and units, pool,
 * tenant, scheduler state and generation; its XIDs and ECC errors; each GPU and MIG slice with
 * sparklines of the last 15 minutes. Actions are whatever the app offers through
 * {@link #setActions}; with none, no action area is shown. Reads the fleet only while showing.
 */
public final class NodeDetailView extends BorderPane {

    private final NodeDetailViewModel model;
    private final Messages messages;
    private final CanvasTheme theme = new CanvasTheme(this::repaintAll);
    private final Label hostname = new Label();
    private final Label sampleAge = new Label();
    private final HBox actions = new HBox();
    private final NodeFacts facts;
    private final VBox faults = new VBox();
    private final VBox rows = new VBox();
    private final List<GpuRowView> rowViews = new ArrayList<>();
    private final Subscription feeding;
    private List<String> shownFaults;
    private List<String> shownUnmeasured = List.of();
    private boolean shownFound;
    private FleetWorkloads workloads;
    private long rowsVersion = -1;
    private long sampledVersion = -1;
    private final Label pastNote = new Label();
    private java.util.function.Function<io.headroom.core.fleet.SchedulerState, List<NodeAction>> actionsFor;
    private io.headroom.core.fleet.SchedulerState actionsWhenUnknown;
    private io.headroom.core.fleet.SchedulerState offeredFor;
    private final java.util.Map<NodeDetailViewModel.Metric, Label> captionByMetric =
            new java.util.EnumMap<>(NodeDetailViewModel.Metric.class);

    public NodeDetailView(FleetFeed feed, Messages messages) {
        this.messages = messages;
        this.model = new NodeDetailViewModel(messages, feed.classifier());
        getStyleClass().add("hr-node-detail");
        hostname.setId("node-hostname");
        hostname.getStyleClass().add("hr-node-title");
        sampleAge.getStyleClass().add("hr-bar-text");
        actions.setId("node-actions");
        actions.getStyleClass().add("hr-node-actions");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox titleLine = new HBox(hostname, sampleAge, spacer, actions);
        titleLine.getStyleClass().add("hr-view-bar");
        facts = new NodeFacts(messages);
        faults.setId("node-faults");
        faults.getStyleClass().addAll("hr-node-faults", "hr-panel");
        VBox header = new VBox(titleLine, facts, faults);
        header.getStyleClass().add("hr-node-header");
        setTop(header);
        rows.getStyleClass().add("hr-gpu-rows");
        ScrollPane scroll = new ScrollPane(rows);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("hr-gpu-scroll");
        // The captions scroll with the rows: outside, a scroll bar would narrow the rows but not them.
        rows.getChildren().add(columnCaptions());
        pastNote.setId("node-past-note");
        pastNote.getStyleClass().add("hr-node-past-note");
        pastNote.setWrapText(true);
        pastNote.managedProperty().bind(pastNote.visibleProperty());
        pastNote.setVisible(false);
        VBox gpus = new VBox(pastNote, scroll);
        gpus.getStyleClass().addAll("hr-gpu-list", "hr-panel");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        setCenter(gpus);
        getChildren().add(theme);
        setActions(List.of());
        showNode("");
        feeding = WhileShown.feed(this, feed, this::show);
    }

    public NodeDetailViewModel model() {
        return model;
    }

    /** The node to show, by hostname (stable across inventory changes); "" shows a prompt to pick one. */
    public void showNode(String hostname) {
        model.showNode(hostname);
        this.hostname.setText(hostname.isEmpty() ? messages.get("node.none") : hostname);
    }

    /**
     * Where the minutes before the page opened are read from (the app's local store): the
     * sparklines of the next server shown start with them. {@link NodePast#NONE}, the default,
     * starts them empty.
     */
    public void setPast(NodePast past) {
        model.readPastFrom(past, null);
    }

    /** What the operator can do to the node; replaces the previous ones. An empty list hides the area. */
    public void setActions(List<NodeAction> offered) {
        actionsFor = null;
        NodeAction.offer(actions, offered);
    }

    /**
     * What the operator can do to the node in each scheduler state: offered again whenever the
     * state the agent sends changes (a queued drain shows as Draining, and the button becomes
     * Resume). {@code whenUnknown} is the state to offer for before any sample says.
     */
    public void offerActions(
            java.util.function.Function<io.headroom.core.fleet.SchedulerState, List<NodeAction>> forState,
            io.headroom.core.fleet.SchedulerState whenUnknown) {
        actionsFor = forState;
        actionsWhenUnknown = whenUnknown;
        offeredFor = null;
        offerForState();
    }

    private void offerForState() {
        if (actionsFor == null) {
            return;
        }
        var state = model.schedulerState() == io.headroom.core.fleet.SchedulerState.UNKNOWN
                ? actionsWhenUnknown
                : model.schedulerState();
        if (state != offeredFor) {
            offeredFor = state;
            NodeAction.offer(actions, actionsFor.apply(state));
        }
    }

    /** Takes one refresh of the fleet; called by the feed while showing, or directly. FX thread. */
    public void show(FleetFrame frame) {
        model.update(frame.telemetry(), frame.nowMillis());
        if (model.rowsVersion() != rowsVersion) {
            rebuildRows();
        }
        boolean sampled = model.historyVersion() != sampledVersion;
        sampledVersion = model.historyVersion();
        pastNote.setText(model.pastNote());
        pastNote.setVisible(!model.pastNote().isEmpty());
        sampleAge.setText(
                model.found() ? model.sampleAge() : model.hostname().isEmpty() ? "" : messages.get("node.not-found"));
        facts.show(model);
        offerForState();
        // In the node's vendor's words: "AI Core" and "HBM" on an Ascend server.
        captionByMetric
                .get(NodeDetailViewModel.Metric.UTILIZATION)
                .setText(model.terms().activity());
        captionByMetric
                .get(NodeDetailViewModel.Metric.MEMORY)
                .setText(model.terms().memory());
        List<String> lines = model.faults();
        List<String> notMeasured = model.unmeasured();
        if (!lines.equals(shownFaults) || !notMeasured.equals(shownUnmeasured) || model.found() != shownFound) {
            shownFound = model.found();
            showFaults(lines, notMeasured);
        }
        FleetLayout layout = frame.telemetry().layout();
        for (GpuRowView row : rowViews) {
            row.refresh(sampled);
            row.showHolder(holderText(layout, row.slot()));
        }
    }

    /** Who holds the GPU or slice in {@code slot}, in words; empty when nobody (or no agent says). */
    private String holderText(FleetLayout layout, int slot) {
        if (workloads == null || slot >= layout.slotCount()) {
            return "";
        }
        return workloads.holderOf(layout, slot).map(messages::heldBy).orElse("");
    }

    /**
     * Where the console keeps who holds each GPU: each row then says who holds its GPU or slice.
     * FX thread; null (the default) shows nobody.
     */
    public void setWorkloads(FleetWorkloads workloads) {
        this.workloads = workloads;
    }

    /** Sparkline rows, in order; for tests. */
    List<GpuRowView> rowViews() {
        return List.copyOf(rowViews);
    }

    /** Stops reading the fleet for good and drops the listeners on the window. FX thread. */
    public void dispose() {
        feeding.unsubscribe();
        model.close();
    }

    private void rebuildRows() {
        rowsVersion = model.rowsVersion();
        sampledVersion = -1;
        rowViews.clear();
        List<GpuRow> gpus = model.rows();
        for (int r = 0; r < gpus.size(); r++) {
            rowViews.add(new GpuRowView(model, theme, r, gpus.get(r)));
        }
        rows.getChildren().remove(1, rows.getChildren().size());
        rows.getChildren().addAll(rowViews);
    }

    private void showFaults(List<String> lines, List<String> notMeasured) {
        shownFaults = lines;
        shownUnmeasured = notMeasured;
        Label caption = new Label(messages.get("node.faults.caption"));
        caption.getStyleClass().add("hr-figure-caption");
        faults.getChildren().setAll(caption);
        // "None reported" only for a server that is there: with none picked there is nothing to report on.
        if (lines.isEmpty() && notMeasured.isEmpty() && model.found()) {
            Label none = new Label(messages.get("node.faults.none"));
            none.getStyleClass().add("hr-node-fault-none");
            faults.getChildren().add(none);
        }
        for (String line : lines) {
            Label fault = new Label(line);
            fault.getStyleClass().add("hr-node-fault");
            faults.getChildren().add(fault);
        }
        // Muted, not red: a reading nobody can take is not a fault, and not an all-clear either.
        for (String line : notMeasured) {
            Label note = new Label(line);
            note.getStyleClass().add("hr-node-fault-none");
            faults.getChildren().add(note);
        }
    }

    /** Metric names above the sparkline columns, spaced exactly as the panels are drawn. */
    private HBox columnCaptions() {
        Region info = new Region();
        info.getStyleClass().add("hr-gpu-info");
        HBox metrics = new HBox(SparklineStrip.GAP);
        for (NodeDetailViewModel.Metric metric : NodeDetailViewModel.METRICS) {
            Label caption =
                    new Label(messages.get("node.metric." + metric.name().toLowerCase(java.util.Locale.ROOT)));
            captionByMetric.put(metric, caption);
            caption.getStyleClass().add("hr-figure-caption");
            caption.setMaxWidth(Double.MAX_VALUE);
            caption.setPrefWidth(0);
            HBox.setHgrow(caption, Priority.ALWAYS);
            metrics.getChildren().add(caption);
        }
        HBox.setHgrow(metrics, Priority.ALWAYS);
        HBox captions = new HBox(info, metrics);
        captions.getStyleClass().add("hr-gpu-captions");
        return captions;
    }

    private void repaintAll() {
        for (GpuRowView row : rowViews) {
            row.strip.paint();
        }
    }
}
