package io.headroom.views.shell;

import io.headroom.core.alerts.AlertAcknowledgements;
import io.headroom.core.alerts.AlertSeverity;
import io.headroom.core.alerts.IncidentSilences;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.workload.FleetWorkloads;
import io.headroom.views.Messages;
import io.headroom.views.alerts.AlertsView;
import io.headroom.views.history.IdleHistoryView;
import io.headroom.views.holders.IdleHoldersView;
import io.headroom.views.live.FleetFeed;
import io.headroom.views.node.NodeDetailView;
import io.headroom.views.operations.NoOperations;
import io.headroom.views.operations.OperationsDesk;
import io.headroom.views.operations.OperationsView;
import io.headroom.views.overview.OverviewPage;
import io.headroom.views.rack.RackElevationView;
import io.headroom.views.search.SearchField;
import java.time.InstantSource;
import java.util.Locale;
import javafx.util.Subscription;

/**
 * The console's pages for one locale, disposed together. The overview, the alerts (whose
 * counts the overview shows) and search exist from the start; the other pages are built when
 * first needed.
 */
final class ShellPages {

    final Messages messages;
    final OverviewPage overview;
    final LazyPage<RackElevationView> racks;
    final LazyPage<NodeDetailView> node;
    final AlertsView alerts;
    final SearchField search;
    /** Null without operations ({@link NoOperations}, always on the wall). */
    final LazyPage<OperationsView> operations;
    /** Null without history ({@link ConsoleHistory#NONE}, always on the wall). */
    final LazyPage<IdleHistoryView> history;
    /** Null on the wall. */
    final LazyPage<IdleHoldersView> holders;
    /** Null without usage history, and on the wall. */
    final LazyPage<io.headroom.views.showback.ShowbackView> showback;

    private final Subscription alertCounts;
    private int[] highlighted = new int[0];

    ShellPages(
            FleetState fleet,
            IdleClassifier classifier,
            ConnectionBoard board,
            InstantSource clock,
            Locale locale,
            AlertAcknowledgements acknowledgements,
            IncidentSilences silences,
            OperationsDesk desk,
            ConsoleHistory histories,
            FleetWorkloads workloads,
            io.headroom.core.showback.UsageHistory usage,
            boolean wall,
            io.headroom.core.alerts.AlertRules alertRules) {
        messages = new Messages(locale);
        // One feed for every page: one pacer, one fleet summary per refresh.
        var feed = new FleetFeed(fleet, classifier, board, clock);
        overview = new OverviewPage(feed, locale);
        racks = new LazyPage<>(() -> new RackElevationView(feed, messages, index -> {}), RackElevationView::dispose);
        node = new LazyPage<>(
                () -> {
                    var view = new NodeDetailView(feed, messages);
                    view.setWorkloads(workloads);
                    view.setPast(histories.nodePast());
                    return view;
                },
                NodeDetailView::dispose);
        alerts = new AlertsView(feed, messages, acknowledgements, silences, alertRules);
        search = new SearchField(fleet, messages);
        operations = desk instanceof NoOperations
                ? null
                : new LazyPage<>(() -> new OperationsView(messages, desk), OperationsView::dispose);
        history = ConsoleHistory.NONE.equals(histories)
                ? null
                : new LazyPage<>(
                        () -> new IdleHistoryView(histories.idleByHour(), messages, clock, histories.zone()),
                        IdleHistoryView::dispose);
        holders = wall
                ? null
                : new LazyPage<>(
                        () -> {
                            var view = new IdleHoldersView(feed, workloads, messages, histories.zone());
                            // The picked workload's GPUs are outlined on the heatmap and the racks.
                            view.setOnHighlight(slots -> {
                                overview.heatmap().setHighlighted(slots);
                                highlighted = slots;
                                if (racks.isBuilt()) {
                                    racks.get().setHighlighted(slots);
                                }
                            });
                            return view;
                        },
                        IdleHoldersView::dispose);
        showback = wall || usage == null
                ? null
                : new LazyPage<>(
                        () -> new io.headroom.views.showback.ShowbackView(
                                new io.headroom.views.showback.ShowbackViewModel(
                                        usage, messages, clock, javafx.application.Platform::runLater),
                                messages),
                        io.headroom.views.showback.ShowbackView::dispose);
        racks.whenBuilt(built -> built.setHighlighted(highlighted));
        overview.heatmap().setWorkloads(workloads);
        overview.setWorkloads(workloads);
        search.setWorkloads(workloads);
        // The overview's open-alerts tile counts what the alerts page counts, acknowledgements included.
        var alertsModel = alerts.model();
        alertCounts = alertsModel
                .countsProperty()
                .subscribe(text -> overview.tiles()
                        .updateAlerts(
                                alertsModel.unacknowledged(AlertSeverity.CRITICAL),
                                alertsModel.unacknowledged(AlertSeverity.WARNING)));
    }

    void dispose() {
        alertCounts.unsubscribe();
        overview.dispose();
        alerts.dispose();
        racks.dispose();
        node.dispose();
        if (operations != null) {
            operations.dispose();
        }
        if (history != null) {
            history.dispose();
        }
        if (holders != null) {
            holders.dispose();
        }
        if (showback != null) {
            showback.dispose();
        }
    }
}
