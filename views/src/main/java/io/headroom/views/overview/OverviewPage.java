package io.headroom.views.overview;

import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.views.Messages;
import io.headroom.views.connection.ConnectionBar;
import io.headroom.views.connection.ConnectionBarViewModel;
import io.headroom.views.heatmap.FleetHeatmap;
import io.headroom.views.live.FleetFeed;
import io.headroom.views.live.FleetFrame;
import io.headroom.views.live.WhileShown;
import io.headroom.views.wall.WallParts;
import java.time.InstantSource;
import java.util.Locale;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Subscription;

/**
 * The Overview page, the console's first screen: whether the data is live (connection bar),
 * what the fleet amounts to (the TilesFX tiles) and where every GPU stands (heatmap). On a
 * wall it takes two turns of the rotation ({@link WallParts}): the tiles filling the screen, then the heatmap.
 *
 * <p>It takes the fleet's frames only while it is in a showing window ({@link WhileShown}),
 * from the same {@link FleetFeed} as every other page, so one summary per refresh serves them
 * all. The only listeners it registers outside itself are on its own scene and window and
 * the feed, and {@link #dispose()} removes them, so a removed page can be collected.
 */
public final class OverviewPage extends BorderPane implements WallParts {

    private final FleetFeed feed;
    private final FleetTilesViewModel tiles;
    private final ConnectionBarViewModel connection;
    private final ConnectionBar connectionBar;
    private final FleetHeatmap heatmap;
    private final FleetTilesView tilesView;
    private final CardHoursReader cardHours;
    private final Subscription showing;
    private FleetFrame shown;
    private FleetLayout staleWindowLayout;
    private long staleAfterMillis;

    private final javafx.beans.property.ReadOnlyBooleanWrapper showingLiveData =
            new javafx.beans.property.ReadOnlyBooleanWrapper(this, "showingLiveData", false);

    /**
     * An Overview page with a feed of its own, for a page shown alone (tests, the view
     * benchmark). Beside other live pages, give it their feed instead: one summary per refresh.
     */
    public OverviewPage(
            FleetState fleet, IdleClassifier classifier, ConnectionBoard board, InstantSource clock, Locale locale) {
        this(new FleetFeed(fleet, classifier, board, clock), locale);
    }

    private io.headroom.core.workload.FleetWorkloads workloads;
    private io.headroom.core.workload.IdleHolders holders;

    /**
     * A page whose text and numbers follow {@code locale}; to switch language, build a new
     * one. The feed should know the agents' links (its board), for the connection bar.
     */
    public OverviewPage(FleetFeed feed, Locale locale) {
        this.feed = feed;
        Messages messages = new Messages(locale);
        tiles = new FleetTilesViewModel(messages);
        connection = new ConnectionBarViewModel(messages);
        heatmap = new FleetHeatmap(messages);
        heatmap.setId("fleet-heatmap");
        cardHours = new CardHoursReader(feed.clock(), tiles::updateCardHours);

        getStyleClass().add("hr-console");
        tilesView = new FleetTilesView(tiles);
        VBox body = new VBox(tilesView, heatmap);
        VBox.setVgrow(heatmap, Priority.ALWAYS);
        body.getStyleClass().add("hr-console-body");
        connectionBar = new ConnectionBar(connection);
        setTop(connectionBar);
        setCenter(body);

        showing = WhileShown.run(this, () -> {
            // The heatmap's colours are worked out with the summary, off the FX thread, before the frame comes.
            Subscription colours = feed.addFrameWork(heatmap.colourWork());
            Subscription frames = feed.subscribe(this::show);
            cardHours.start();
            return colours.and(frames).and(cardHours::stop);
        });
    }

    /** Re-reads the fleet now instead of at the next frame; FX thread. For snapshots and first paint. */
    public void refreshNow() {
        show(feed.refreshNow());
    }

    /** Stops reading the fleet for good and drops the listeners on the window and the feed. FX thread. */
    public void dispose() {
        showing.unsubscribe();
        cardHours.stop();
    }

    /**
     * Who holds each GPU, for the "Top held-idle holders" leader board; without it the board says
     * that the agents do not report holders.
     */
    public void setWorkloads(io.headroom.core.workload.FleetWorkloads workloads) {
        this.workloads = workloads;
        this.holders = new io.headroom.core.workload.IdleHolders(feed.classifier());
    }

    /** Where card-hour utilization comes from; read off the FX thread about once a minute while shown. */
    public void setCardHours(CardHours source) {
        cardHours.setSource(source);
        if (getScene() != null
                && getScene().getWindow() != null
                && getScene().getWindow().isShowing()) {
            cardHours.start();
        }
    }

    /** Reads card-hour utilization again now (history just arrived), if the tile is being kept current. */
    public void refreshCardHours() {
        cardHours.readNow();
    }

    /** On a wall the page takes two turns: the tiles filling the screen, then the heatmap. */
    @Override
    public int wallParts() {
        return 2;
    }

    @Override
    public void showWallPart(int part) {
        boolean tilesTurn = part == 0;
        tilesView.setArrangement(tilesTurn ? FleetTilesView.Arrangement.GRID : FleetTilesView.Arrangement.ROW);
        showIn(tilesView, tilesTurn);
        showIn(heatmap, !tilesTurn);
        VBox.setVgrow(tilesView, tilesTurn ? Priority.ALWAYS : Priority.NEVER);
        if (!tilesTurn && feed.latest() != null) { // it was not painted while hidden: now, not at the next frame
            heatmap.show(
                    feed.latest().telemetry(),
                    feed.latest().summary(),
                    feed.latest().nowMillis());
        }
    }

    private static void showIn(javafx.scene.Node node, boolean shown) {
        node.setVisible(shown);
        node.setManaged(shown);
    }

    public FleetTilesView tilesView() {
        return tilesView;
    }

    public FleetTilesViewModel tiles() {
        return tiles;
    }

    public ConnectionBarViewModel connection() {
        return connection;
    }

    /** The strip along the top, for what it shows beside the view model (history filling). */
    public ConnectionBar connectionBar() {
        return connectionBar;
    }

    public FleetHeatmap heatmap() {
        return heatmap;
    }

    /**
     * Becomes true with the first frame that shows a telemetry batch from an agent, rather than
     * only the fleet the store kept from an earlier session. Never goes back to false.
     */
    public javafx.beans.property.ReadOnlyBooleanProperty showingLiveDataProperty() {
        return showingLiveData.getReadOnlyProperty();
    }

    // Identity is meant: the very frame already handed out (refreshNow while subscribed), not an equal one.
    @SuppressWarnings("ReferenceEquality")
    private void show(FleetFrame frame) {
        if (frame == shown) {
            return; // refreshNow while subscribed: already handed out
        }
        shown = frame;
        if (!showingLiveData.get() && frame.agents().stream().anyMatch(agent -> agent.lastBatch() != null)) {
            showingLiveData.set(true);
        }
        FleetLayout layout = frame.telemetry().layout();
        tiles.update(frame.summary(), layout);
        tiles.updateRacks(frame.telemetry(), frame.summary(), frame.nowMillis(), staleAfter(layout));
        tiles.updateAgents(frame.agents());
        showTopHolders(frame);
        connection.update(frame.agents(), frame.summary().newestSampleMillis(), frame.nowMillis(), staleAfter(layout));
        if (heatmap.isVisible()) { // on the wall's tiles turn it is hidden: no canvas to paint
            heatmap.show(frame.telemetry(), frame.summary(), frame.nowMillis());
        }
    }

    private void showTopHolders(FleetFrame frame) {
        if (workloads == null) {
            tilesView.showTopHolders(java.util.List.of(), new double[0], false);
            return;
        }
        var ranked = holders.rank(workloads, frame.telemetry(), frame.nowMillis());
        int count = Math.min(FleetTilesView.TOP_HOLDERS, ranked.size());
        var names = new java.util.ArrayList<String>(count);
        double[] hours = new double[count];
        for (int i = 0; i < count; i++) {
            var workload = ranked.get(i).workload();
            String id = workload.schedulerId().isEmpty() ? workload.id() : workload.schedulerId();
            names.add(workload.user().isEmpty() ? id : workload.user() + " \u00b7 " + id);
            hours[i] = ranked.get(i).gpuHoursWasted();
        }
        tilesView.showTopHolders(names, hours, workloads.reported());
    }

    /** Data older than the stale window of the fastest-sampling node is called out; recomputed per layout. */
    private long staleAfter(FleetLayout layout) {
        if (layout != staleWindowLayout) {
            int fastest = Integer.MAX_VALUE;
            for (int n = 0; n < layout.nodeCount(); n++) {
                fastest = Math.min(fastest, layout.node(n).sampleIntervalMs());
            }
            staleAfterMillis = (long) feed.classifier().thresholds().staleIntervals()
                    * (fastest == Integer.MAX_VALUE ? 1000 : fastest);
            staleWindowLayout = layout;
        }
        return staleAfterMillis;
    }
}
