package io.headroom.views.live;

import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.idle.FleetSummary;
import io.headroom.core.idle.IdleClassifier;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.animation.AnimationTimer;
import javafx.util.Subscription;

/**
 * The one place live data crosses onto the FX thread, and the one fleet summary per refresh
 * that every page shares. Agent streams write the telemetry arrays on their own threads and
 * only bump a version; every animation frame this compares versions (the telemetry's and the
 * connection board's) and, when something moved, re-reads the arrays: at most eight times a
 * second however many batches arrived, and at least once a second with no news, because
 * staleness and ages move with the clock alone. No {@code Platform.runLater} per message, ever.
 *
 * <p>The timer runs only while some page is subscribed ({@link WhileShown}), so a console
 * with nothing live on screen costs nothing. Pacing uses the frame clock; what the data means
 * (stale or not) uses the injected {@link InstantSource}, so tests can hold domain time still
 * or jump it. FX thread only. The app makes one and hands it to every page.
 */
public final class FleetFeed {

    /**
     * A sample waits for the next refresh: up to this long, plus the refresh itself. At 250 ms
     * the sample-to-pixel p99 could not get under its 250 ms budget (the view benchmark
     * measured 270 ms); 125 ms leaves room, at twice the refresh work.
     */
    static final long MIN_GAP_NANOS = 125_000_000L;

    static final long MAX_GAP_NANOS = 1_000_000_000L;

    private final FleetState fleet;
    private final IdleClassifier classifier;
    private final ConnectionBoard board;
    private final InstantSource clock;
    private final List<Consumer<FleetFrame>> sinks = new ArrayList<>();
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long frameNanos) {
            pace(frameNanos);
        }
    };
    private FleetTelemetry lastTelemetry;
    private long lastVersion;
    private long lastBoardVersion;
    private long lastRefreshNanos;
    private boolean refreshedSinceStart;
    private FleetSummary summary;
    private FleetFrame latest;

    /** A feed that knows no agent links: its frames carry none. */
    public FleetFeed(FleetState fleet, IdleClassifier classifier, InstantSource clock) {
        this(fleet, classifier, new ConnectionBoard(List.of()), clock);
    }

    /** A feed whose frames carry the agents' links too, refreshed when only those change. */
    public FleetFeed(FleetState fleet, IdleClassifier classifier, ConnectionBoard board, InstantSource clock) {
        this.fleet = fleet;
        this.classifier = classifier;
        this.board = board;
        this.clock = clock;
    }

    public IdleClassifier classifier() {
        return classifier;
    }

    /** The domain clock frames are judged by. */
    public InstantSource clock() {
        return clock;
    }

    /**
     * Hands {@code sink} every frame from now on, starting with the latest one if there is
     * one. Cancel the subscription when the view leaves the screen, or the feed keeps it.
     */
    public Subscription subscribe(Consumer<FleetFrame> sink) {
        sinks.add(sink);
        if (sinks.size() == 1) {
            refreshedSinceStart = false;
            timer.start();
        } else if (latest != null) {
            sink.accept(latest);
        }
        return () -> {
            if (sinks.remove(sink) && sinks.isEmpty()) {
                timer.stop();
            }
        };
    }

    public int subscribers() {
        return sinks.size();
    }

    /** The last frame handed out, or null before the first. */
    public FleetFrame latest() {
        return latest;
    }

    /** Re-reads the fleet and hands the frame out now; for first paint, snapshots and tests. */
    public FleetFrame refreshNow() {
        FleetTelemetry telemetry = fleet.current();
        // Versions first: a batch published while we read is then seen as news next frame.
        lastTelemetry = telemetry;
        lastVersion = telemetry.version();
        lastBoardVersion = board.version();
        long now = clock.millis();
        // The previous summary's state array is reused; the views read it only on this thread.
        summary = FleetSummary.of(telemetry, classifier, now, summary);
        latest = new FleetFrame(telemetry, summary, board.statuses(), now);
        // A copy: a view may subscribe or cancel while handling the frame.
        for (Consumer<FleetFrame> sink : List.copyOf(sinks)) {
            sink.accept(latest);
        }
        return latest;
    }

    private void pace(long frameNanos) {
        FleetTelemetry telemetry = fleet.current();
        boolean changed =
                telemetry != lastTelemetry || telemetry.version() != lastVersion || board.version() != lastBoardVersion;
        long sinceRefresh = frameNanos - lastRefreshNanos;
        if (!refreshedSinceStart || sinceRefresh >= MAX_GAP_NANOS || (changed && sinceRefresh >= MIN_GAP_NANOS)) {
            refreshNow();
            lastRefreshNanos = frameNanos;
            refreshedSinceStart = true;
        }
    }
}
