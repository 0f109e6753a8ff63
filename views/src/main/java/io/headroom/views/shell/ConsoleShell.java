package io.headroom.views.shell;

import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.search.SearchHit;
import io.headroom.themes.Theme;
import io.headroom.views.backfill.BackfillWatch;
import io.headroom.views.operations.NoOperations;
import io.headroom.views.operations.NodeOperations;
import io.headroom.views.operations.OperationsDesk;
import io.headroom.views.wall.WallRotation;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * The whole console: in laptop mode, tabs for the overview, racks, one node and alerts, a
 * menu, search and keyboard shortcuts; in wall mode, the overview, racks and alerts in
 * rotation with no menus and never a dialog. Clicking a GPU cell or a server, an alert or a
 * search hit opens that node.
 */
public final class ConsoleShell extends BorderPane {

    private final FleetState fleet;
    private final ShellPages pages;
    private final TabPane tabs = new TabPane();
    private final Tab nodeTab;
    private final Tab holdersTab;
    private final Tab showbackTab;
    private final ShellReports reports;
    private final WallRotation wall;
    private final NodeOperations nodeOperations;
    private final BackfillWatch backfillWatch;

    /** A shell for this fleet; everything else is named on the builder. */
    public static ConsoleShellBuilder builder(FleetState fleet, IdleClassifier classifier, ConnectionBoard board) {
        return new ConsoleShellBuilder(fleet, classifier, board);
    }

    ConsoleShell(ConsoleShellBuilder options) {
        this.fleet = options.fleet;
        boolean wallMode = options.wall;
        InstantSource clock = options.clock;
        Locale locale = options.locale;
        OperationsDesk offered = wallMode ? new NoOperations() : options.operations;
        this.pages = new ShellPages(
                fleet,
                options.classifier,
                options.board,
                clock,
                locale,
                options.acknowledgements,
                options.silences,
                offered,
                wallMode ? ConsoleHistory.NONE : options.history,
                options.workloads,
                options.usage,
                wallMode,
                options.alertRules != null
                        ? options.alertRules
                        : new io.headroom.core.alerts.AlertRules(options.classifier.thresholds()));
        pages.overview.setCardHours(options.history.cardHours());
        backfillWatch = new BackfillWatch(
                        options.history.backfill(), pages.messages, this::showHistoryFill, this::historyArrived)
                .start();
        this.nodeOperations = offered instanceof NoOperations
                ? null
                : new NodeOperations(
                        pages.messages,
                        offered,
                        () -> getScene() == null ? null : getScene().getWindow(),
                        java.time.Clock.systemUTC());
        getStyleClass().add("hr-shell");
        pages.overview.heatmap().setOnNodeSelected(this::openNode);
        pages.overview.heatmap().setInteractive(!wallMode);
        if (nodeOperations != null) {
            pages.overview.heatmap().setOnDrainSelected(this::drainPicked);
        }
        pages.racks.whenBuilt(racks -> racks.setOnNodeSelected(this::openNode));
        if (nodeOperations != null && pages.holders != null) {
            pages.holders.whenBuilt(holders -> holders.setActionsFor(this::workloadActions));
        }
        pages.alerts.setOnJumpToNode(this::openNode);
        pages.alerts.setOnJumpToRack(this::openRack);
        if (options.siteAlerts != null && !wallMode) {
            pages.alerts.showSiteAlerts(options.siteAlerts);
        }
        pages.search.setOnHit(this::go);

        if (wallMode) {
            nodeTab = null;
            holdersTab = null;
            showbackTab = null;
            reports = null;
            wall = new WallRotation(
                    List.of(pages.overview, pages.racks.get(), pages.alerts),
                    WallRotation.DEFAULT_INTERVAL,
                    pages.overview.connection(),
                    pages.messages,
                    clock);
            setCenter(wall);
            return;
        }
        wall = null;
        var messages = pages.messages;
        nodeTab = pages.node.inTab(messages.get("shell.tab.node"));
        tabs.getTabs()
                .setAll(
                        tab(messages.get("shell.tab.overview"), pages.overview),
                        pages.racks.inTab(messages.get("shell.tab.racks")),
                        nodeTab,
                        tab(messages.get("shell.tab.alerts"), pages.alerts));
        if (pages.operations != null) {
            Tab operationsTab = pages.operations.inTab(messages.get("shell.tab.operations"));
            operationsTab.setOnSelectionChanged(e -> {
                if (operationsTab.isSelected()) {
                    pages.operations.get().refresh(); // at once, not at the page's next two-second tick
                }
            });
            tabs.getTabs().add(operationsTab);
        }
        if (pages.history != null) {
            Tab historyTab = pages.history.inTab(messages.get("shell.tab.history"));
            historyTab.setId("tab-history");
            historyTab.setOnSelectionChanged(e -> {
                if (historyTab.isSelected()) {
                    pages.history.get().reload(); // an hour may have closed since it was last read
                }
            });
            tabs.getTabs().add(historyTab);
        }
        holdersTab = pages.holders.inTab(messages.get("shell.tab.holders"));
        holdersTab.setId("tab-holders");
        tabs.getTabs().add(holdersTab);
        if (pages.showback != null) {
            reports = new ShellReports(
                    pages, options.showbackPdf, java.time.ZoneId.systemDefault(), this::showForPicture);
            showbackTab = pages.showback.inTab(messages.get("shell.tab.showback"));
            showbackTab.setId("tab-showback");
            tabs.getTabs().add(showbackTab);
            pages.showback.whenBuilt(page -> page.setOnExport(format -> reports.exportShowback(format, this)));
        } else {
            reports = null;
            showbackTab = null;
        }
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        HBox.setHgrow(pages.search, Priority.ALWAYS);
        var top = new BorderPane();
        List<ShellMenu.Page> menuPages = new java.util.ArrayList<>();
        for (Tab each : tabs.getTabs()) {
            menuPages.add(new ShellMenu.Page(
                    each.getText(), () -> tabs.getSelectionModel().select(each)));
        }
        top.setTop(new ShellMenu(
                messages,
                locale,
                menuPages,
                reports == null ? null : () -> reports.exportFromMenu(this),
                this::applyTheme,
                options.onLocale,
                this::focusSearch,
                this::quit));
        top.setCenter(pages.search);
        top.getStyleClass().add("hr-shell-top");
        setTop(top);
        setCenter(tabs);
    }

    /** Ctrl+F: the caret in the search's text field, ready for what is typed. */
    public void focusSearch() {
        if (pages.search != null) {
            pages.search.field().requestFocus();
            pages.search.field().selectAll();
        }
    }

    /** Ctrl+Q: closes the window as its close button would; the console then ends as it does then. */
    private void quit() {
        if (getScene() != null && getScene().getWindow() instanceof javafx.stage.Stage stage) {
            stage.close();
        }
    }

    private static Tab tab(String title, javafx.scene.Node content) {
        var tab = new Tab(title, content);
        tab.setClosable(false);
        return tab;
    }

    /** 0 overview, 1 racks, 2 node, 3 alerts, 4 operations (when offered), then idle by hour (when offered). */
    public void showTab(int page) {
        if (wall == null && page >= 0 && page < tabs.getTabs().size()) {
            tabs.getSelectionModel().select(page);
        }
    }

    /** Opens the Idle holders page (laptop mode). */
    public void showIdleHolders() {
        if (holdersTab != null) {
            tabs.getSelectionModel().select(holdersTab);
        }
    }

    /** Brings a report's page to the front and lays it out now, for its picture. */
    private void showForPicture(io.headroom.views.showback.ReportContents contents) {
        switch (contents) {
            case SHOWBACK -> showShowback();
            case OVERVIEW -> tabs.getSelectionModel().select(0);
            case HISTORY ->
                tabs.getTabs().stream()
                        .filter(t -> "tab-history".equals(t.getId()))
                        .findFirst()
                        .ifPresent(t -> tabs.getSelectionModel().select(t));
        }
        applyCss();
        layout();
    }

    /** Opens the Showback page (laptop mode, with usage history). */
    public void showShowback() {
        if (showbackTab != null) {
            tabs.getSelectionModel().select(showbackTab);
        }
    }

    /** The Showback page, or null without usage history (and on the wall). */
    public io.headroom.views.showback.ShowbackView showback() {
        return pages.showback == null ? null : pages.showback.get();
    }

    /**
     * Writes a report as File → Export report… does, to {@code file}, without the dialogs: for
     * tests and scripts. FX thread; the future completes off it.
     */
    public java.util.concurrent.CompletableFuture<java.nio.file.Path> exportReport(
            io.headroom.views.showback.ReportContents contents,
            io.headroom.core.report.ReportFormat format,
            java.nio.file.Path file) {
        if (reports == null) {
            return java.util.concurrent.CompletableFuture.failedFuture(
                    new IllegalStateException("this console has no reports (no usage history, or the wall)"));
        }
        return reports.write(contents, format, file);
    }

    /** The Idle holders page, or null on the wall. */
    public io.headroom.views.holders.IdleHoldersView idleHolders() {
        return pages.holders == null ? null : pages.holders.get();
    }

    /**
     * Where the operator is: the page, the server open on the server page, what is typed in
     * the search. A language switch rebuilds the console and puts them back with {@link #resume}.
     */
    public record Place(int tab, String server, String search) {}

    /** Where the operator is now (laptop mode; on the wall, nothing to keep). */
    public Place place() {
        if (wall != null) {
            return new Place(-1, "", "");
        }
        String server = pages.node.isBuilt() ? pages.node.get().model().hostname() : "";
        return new Place(selectedTab(), server, pages.search.field().getText());
    }

    /** Puts the operator back where {@link #place} said, in this (rebuilt) console. */
    public void resume(Place place) {
        if (wall != null) {
            return;
        }
        pages.search.field().setText(place.search());
        if (!place.server().isEmpty()) {
            int node = fleet.layout().nodeIndex(place.server());
            if (node != FleetLayout.NONE) {
                openNode(node);
            }
        }
        showTab(place.tab());
    }

    public int selectedTab() {
        return wall == null ? tabs.getSelectionModel().getSelectedIndex() : -1;
    }

    /** Opens the node's detail page (laptop mode); the wall never navigates away from its rotation. */
    public void openNode(int nodeIndex) {
        FleetLayout layout = fleet.layout();
        if (wall != null || nodeIndex < 0 || nodeIndex >= layout.nodeCount()) {
            return;
        }
        var node = layout.node(nodeIndex);
        pages.node.get().showNode(node.hostname());
        if (nodeOperations != null) {
            pages.node
                    .get()
                    .offerActions(
                            state -> nodeOperations.actionsFor(
                                    node, state, () -> generationOf(node.hostname(), node.generation())),
                            node.schedulerState());
            String rack = node.rackId();
            var rackNodes = layout.inventory().nodes().stream()
                    .filter(n -> n.rackId().equals(rack))
                    .toList();
            pages.racks
                    .get()
                    .setActions(nodeOperations.rackActions(
                            rack, rackNodes, n -> generationOf(n.hostname(), n.generation())));
        }
        pages.racks.get().showNode(nodeIndex);
        tabs.getSelectionModel().select(nodeTab);
    }

    /** "Drain picked": one dialog for every server picked on the heatmap (a rack, a row, a pool's corner). */
    private void drainPicked(int[] nodeIndices) {
        FleetLayout layout = fleet.layout();
        var nodes = java.util.Arrays.stream(nodeIndices)
                .filter(n -> n < layout.nodeCount())
                .mapToObj(layout::node)
                .toList();
        if (nodes.isEmpty() || nodeOperations == null) {
            return;
        }
        nodeOperations.openForNodes(
                io.headroom.views.operations.OperationKind.DRAIN,
                pages.messages.format("heatmap.drain-group", nodes.size()),
                nodes,
                n -> generationOf(n.hostname(), n.generation()));
    }

    /** Notify, requeue, cancel or evict a workload, routed through the first of its nodes the console knows. */
    private List<io.headroom.views.node.NodeAction> workloadActions(
            io.headroom.core.workload.Workload workload, String label) {
        FleetLayout layout = fleet.layout();
        for (var holding : workload.holdings()) {
            int index = layout.nodeIndex(holding.hostname());
            if (index != FleetLayout.NONE) {
                var node = layout.node(index);
                return nodeOperations.workloadActions(
                        workload, label, node, () -> generationOf(node.hostname(), node.generation()));
            }
        }
        return List.of();
    }

    /** The node's generation as the console sees it now: what an operation expects to find. */
    private long generationOf(String hostname, long fallback) {
        var telemetry = fleet.current();
        int index = telemetry.layout().nodeIndex(hostname);
        return index == FleetLayout.NONE ? fallback : telemetry.generation(index);
    }

    public io.headroom.views.operations.OperationsView operations() {
        return pages.operations == null ? null : pages.operations.get();
    }

    private void openRack(int rackIndex) {
        FleetLayout layout = fleet.layout();
        if (wall != null || rackIndex < 0 || rackIndex >= layout.rackCount()) {
            return;
        }
        String hall = layout.rack(rackIndex).hallId();
        var halls = layout.inventory().halls();
        for (int h = 0; h < halls.size(); h++) {
            if (halls.get(h).id().equals(hall)) {
                pages.racks.get().selectHall(h);
            }
        }
        tabs.getSelectionModel().select(1);
    }

    private void go(SearchHit hit) {
        if (hit.nodeIndex() >= 0) {
            openNode(hit.nodeIndex());
        } else if (hit.rackIndex() >= 0) {
            openRack(hit.rackIndex());
        }
    }

    private void applyTheme(Theme theme) {
        if (getScene() != null) {
            getScene().getStylesheets().setAll(theme.stylesheet());
        }
    }

    /** The wall's rotation, or null in laptop mode. */
    public WallRotation wall() {
        return wall;
    }

    /** The Overview page: connection bar, tiles and heatmap. */
    public io.headroom.views.overview.OverviewPage overview() {
        return pages.overview;
    }

    private void showHistoryFill(String text) {
        pages.overview.connectionBar().showHistoryFill(text);
        if (pages.history != null && pages.history.isBuilt()) {
            pages.history.get().showFilling(text);
        }
    }

    /** Hours came in from the agents: the pages that read the store read it again. */
    private void historyArrived() {
        pages.overview.refreshCardHours();
        if (pages.history != null && pages.history.isBuilt()) {
            pages.history.get().reload();
        }
    }

    /** The "Idle by hour" page, or null without history (and on the wall). */
    public io.headroom.views.history.IdleHistoryView history() {
        return pages.history == null ? null : pages.history.get();
    }

    public io.headroom.views.node.NodeDetailView node() {
        return pages.node.get();
    }

    /** The rack elevations page (built on first use). */
    public io.headroom.views.rack.RackElevationView racks() {
        return pages.racks.get();
    }

    /** The Alerts page (built with the shell: the overview counts its alerts). */
    public io.headroom.views.alerts.AlertsView alerts() {
        return pages.alerts;
    }

    public void dispose() {
        backfillWatch.stop();
        pages.dispose();
        if (reports != null) {
            reports.dispose();
        }
        if (wall != null) {
            wall.dispose();
        }
    }
}
