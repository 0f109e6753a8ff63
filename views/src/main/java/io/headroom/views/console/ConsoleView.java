package io.headroom.views.console;

import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.views.Messages;
import io.headroom.views.connection.ConnectionBar;
import io.headroom.views.connection.ConnectionBarViewModel;
import io.headroom.views.heatmap.FleetHeatmap;
import io.headroom.views.overview.CardHours;
import io.headroom.views.overview.OverviewView;
import io.headroom.views.overview.OverviewViewModel;
import io.headroom.views.wall.WallParts;
import javafx.scene.Scene;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.Subscription;

import java.time.InstantSource;
import java.util.Locale;

/**
 * The console's first screen: whether the data is live (connection bar), what the fleet
 * amounts to (the overview's TilesFX tiles) and where every GPU stands (heatmap). On a
 * wall it takes two turns of the rotation ({@link WallParts}): the tiles filling the screen, then the heatmap.
 *
 * <p>It reads the fleet only while it is in a showing window: the frame driver starts when
 * the window shows and stops when it hides or the view leaves the scene. The only
 * listeners it registers outside itself are on its own scene and window, and
 * {@link #dispose()} removes them, so a removed console can be collected.
 */
public final class ConsoleView extends BorderPane implements WallParts {

    private final IdleClassifier classifier;
    private final OverviewViewModel overview;
    private final ConnectionBarViewModel connection;
    private final FleetHeatmap heatmap;
    private final OverviewView overviewView;
    private final CardHoursReader cardHours;
    private final FrameDriver driver;
    private final Subscription showing;
    private FleetLayout staleWindowLayout;
    private long staleAfterMillis;

    /** A console in the JVM's default locale. */
    private final javafx.beans.property.ReadOnlyBooleanWrapper showingLiveData =
            new javafx.beans.property.ReadOnlyBooleanWrapper(this, "showingLiveData", false);

    public ConsoleView(FleetState fleet, IdleClassifier classifier, ConnectionBoard board, InstantSource clock) {
        this(fleet, classifier, board, clock, Locale.getDefault());
    }

    /** A console whose text and numbers follow {@code locale}; to switch language, build a new one. */
    public ConsoleView(FleetState fleet, IdleClassifier classifier, ConnectionBoard board, InstantSource clock,
                       Locale locale) {
        this.classifier = classifier;
        Messages messages = new Messages(locale);
        overview = new OverviewViewModel(messages);
        connection = new ConnectionBarViewModel(messages);
        heatmap = new FleetHeatmap(messages);
        heatmap.setId("fleet-heatmap");
        driver = new FrameDriver(fleet, classifier, board, clock, this::show);
        cardHours = new CardHoursReader(clock, overview::updateCardHours);

        getStyleClass().add("hr-console");
        overviewView = new OverviewView(overview);
        VBox body = new VBox(overviewView, heatmap);
        VBox.setVgrow(heatmap, Priority.ALWAYS);
        body.getStyleClass().add("hr-console-body");
        setTop(new ConnectionBar(connection));
        setCenter(body);

        showing = sceneProperty()
                .flatMap(Scene::windowProperty)
                .flatMap(Window::showingProperty)
                .orElse(false)
                .subscribe(this::showingChanged);
    }

    /** Re-reads the fleet now instead of at the next frame; FX thread. For snapshots and first paint. */
    public void refreshNow() {
        driver.refresh();
    }

    /** Stops reading the fleet for good and drops the listeners on the window. FX thread. */
    public void dispose() {
        showing.unsubscribe();
        driver.stop();
        cardHours.stop();
    }

    /** Where card-hour utilization comes from; read off the FX thread about once a minute while shown. */
    public void setCardHours(CardHours source) {
        cardHours.setSource(source);
        if (getScene() != null && getScene().getWindow() != null && getScene().getWindow().isShowing()) {
            cardHours.start();
        }
    }

    /** Reads card-hour utilization once, now, on this thread: for snapshots and tests. */
    public void readCardHoursNow() {
        cardHours.readNow();
    }

    /** On a wall the console takes two turns: the overview's tiles filling the screen, then the heatmap. */
    @Override
    public int wallParts() {
        return 2;
    }

    @Override
    public void showWallPart(int part) {
        boolean tiles = part == 0;
        overviewView.setArrangement(tiles ? OverviewView.Arrangement.GRID : OverviewView.Arrangement.ROW);
        showIn(overviewView, tiles);
        showIn(heatmap, !tiles);
        VBox.setVgrow(overviewView, tiles ? Priority.ALWAYS : Priority.NEVER);
        if (!tiles) {
            driver.refresh(); // it was not painted while hidden: now, not at the next frame
        }
    }

    private static void showIn(javafx.scene.Node node, boolean shown) {
        node.setVisible(shown);
        node.setManaged(shown);
    }

    public OverviewView overviewView() {
        return overviewView;
    }

    public OverviewViewModel overview() {
        return overview;
    }

    public ConnectionBarViewModel connection() {
        return connection;
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

    private void showingChanged(boolean shown) {
        if (shown) {
            driver.start();
            cardHours.start();
        } else {
            driver.stop();
            cardHours.stop();
        }
    }

    private void show(ConsoleFrame frame) {
        if (!showingLiveData.get() && frame.agents().stream().anyMatch(agent -> agent.lastBatch() != null)) {
            showingLiveData.set(true);
        }
        FleetLayout layout = frame.telemetry().layout();
        overview.update(frame.summary(), layout);
        overview.updateRacks(frame.telemetry(), frame.summary(), frame.nowMillis(), staleAfter(layout));
        overview.updateAgents(frame.agents());
        connection.update(frame.agents(), frame.summary().newestSampleMillis(), frame.nowMillis(), staleAfter(layout));
        if (heatmap.isVisible()) { // on the wall's tiles turn it is hidden: no canvas to paint
            heatmap.show(frame.telemetry(), frame.summary(), frame.nowMillis());
        }
    }

    /** Data older than the stale window of the fastest-sampling node is called out; recomputed per layout. */
    private long staleAfter(FleetLayout layout) {
        if (layout != staleWindowLayout) {
            int fastest = Integer.MAX_VALUE;
            for (int n = 0; n < layout.nodeCount(); n++) {
                fastest = Math.min(fastest, layout.node(n).sampleIntervalMs());
            }
            staleAfterMillis = (long) classifier.thresholds().staleIntervals() * (fastest == Integer.MAX_VALUE ? 1000 : fastest);
            staleWindowLayout = layout;
        }
        return staleAfterMillis;
    }
}
