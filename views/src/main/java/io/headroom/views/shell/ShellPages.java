package io.headroom.views.shell;

import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.views.Messages;
import io.headroom.views.alerts.AlertAcknowledgements;
import io.headroom.views.alerts.AlertsView;
import io.headroom.views.console.ConsoleView;
import io.headroom.views.live.FleetFeed;
import io.headroom.views.node.NodeDetailView;
import io.headroom.views.operations.OperationsDesk;
import io.headroom.views.operations.OperationsView;
import io.headroom.views.rack.RackElevationView;
import io.headroom.views.search.SearchField;

import java.time.InstantSource;
import java.util.Locale;

/** The console's pages, built together for one locale, disposed together. */
final class ShellPages {

    final Messages messages;
    final ConsoleView overview;
    final RackElevationView racks;
    final NodeDetailView node;
    final AlertsView alerts;
    final SearchField search;
    /** Null without an operations desk (the wall). */
    final OperationsView operations;

    ShellPages(FleetState fleet, IdleClassifier classifier, ConnectionBoard board, InstantSource clock, Locale locale,
               AlertAcknowledgements acknowledgements, OperationsDesk desk) {
        messages = new Messages(locale);
        var feed = new FleetFeed(fleet, classifier, clock);
        overview = new ConsoleView(fleet, classifier, board, clock, locale);
        racks = new RackElevationView(feed, messages, index -> { });
        node = new NodeDetailView(feed, messages);
        alerts = new AlertsView(feed, messages, acknowledgements);
        search = new SearchField(fleet, messages);
        operations = desk == null ? null : new OperationsView(messages, desk);
    }

    void dispose() {
        overview.dispose();
        racks.dispose();
        node.dispose();
        alerts.dispose();
        if (operations != null) {
            operations.dispose();
        }
    }
}
