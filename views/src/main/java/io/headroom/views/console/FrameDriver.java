package io.headroom.views.console;

import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.idle.FleetSummary;
import io.headroom.core.idle.IdleClassifier;
import javafx.animation.AnimationTimer;

import java.time.InstantSource;
import java.util.function.Consumer;

/**
 * The one place live data crosses onto the FX thread. Agent streams write the telemetry
 * arrays on their own threads and only bump a version; every frame this compares versions
 * and, when something moved, re-reads the arrays: at most eight times a second, however many
 * batches arrived, and at least once a second even with no news, because staleness and ages
 * change with the clock alone. No {@code Platform.runLater} per message, ever.
 *
 * <p>Pacing uses the frame clock; what the data means (stale or not) uses the injected
 * {@link InstantSource}, so tests can hold domain time still or jump it.
 */
final class FrameDriver extends AnimationTimer {

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
    private final Consumer<ConsoleFrame> sink;
    private FleetTelemetry lastTelemetry;
    private long lastVersion;
    private long lastBoardVersion;
    private long lastRefreshNanos;
    private boolean refreshedSinceStart;
    private FleetSummary summary;

    FrameDriver(FleetState fleet, IdleClassifier classifier, ConnectionBoard board, InstantSource clock,
                Consumer<ConsoleFrame> sink) {
        this.fleet = fleet;
        this.classifier = classifier;
        this.board = board;
        this.clock = clock;
        this.sink = sink;
    }

    @Override
    public void start() {
        refreshedSinceStart = false;
        super.start();
    }

    @Override
    public void handle(long frameNanos) {
        FleetTelemetry telemetry = fleet.current();
        boolean changed = telemetry != lastTelemetry || telemetry.version() != lastVersion
                || board.version() != lastBoardVersion;
        long sinceRefresh = frameNanos - lastRefreshNanos;
        if (!refreshedSinceStart || sinceRefresh >= MAX_GAP_NANOS || (changed && sinceRefresh >= MIN_GAP_NANOS)) {
            refresh();
            lastRefreshNanos = frameNanos;
            refreshedSinceStart = true;
        }
    }

    /** Recomputes the summary and hands it out now. FX thread. */
    void refresh() {
        FleetTelemetry telemetry = fleet.current();
        // Versions first: a batch published while we read is then seen as news next frame.
        lastTelemetry = telemetry;
        lastVersion = telemetry.version();
        lastBoardVersion = board.version();
        long now = clock.millis();
        // The previous summary's state array is reused; the views read it only on this thread.
        summary = FleetSummary.of(telemetry, classifier, now, summary);
        sink.accept(new ConsoleFrame(telemetry, summary, board.statuses(), now));
    }
}
