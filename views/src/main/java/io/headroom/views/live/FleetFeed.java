package io.headroom.views.live;

import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.idle.FleetSummary;
import io.headroom.core.idle.IdleClassifier;
import javafx.animation.AnimationTimer;
import javafx.util.Subscription;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Live fleet frames for any number of views, from one summary per refresh. Agent streams
 * only bump the telemetry version; every animation frame this compares versions and, when
 * something moved, re-reads the arrays: at most four times a second however many batches
 * arrived, and at least once a second with no news, because staleness moves with the clock.
 *
 * <p>The timer runs only while some view is subscribed, so a console with nothing live on
 * screen costs nothing. FX thread only. The app makes one and hands it to every view.
 */
public final class FleetFeed {

    static final long MIN_GAP_NANOS = 250_000_000L;
    static final long MAX_GAP_NANOS = 1_000_000_000L;

    private final FleetState fleet;
    private final IdleClassifier classifier;
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
    private long lastRefreshNanos;
    private boolean refreshedSinceStart;
    private FleetSummary summary;
    private FleetFrame latest;

    public FleetFeed(FleetState fleet, IdleClassifier classifier, InstantSource clock) {
        this.fleet = fleet;
        this.classifier = classifier;
        this.clock = clock;
    }

    public IdleClassifier classifier() {
        return classifier;
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
        long now = clock.millis();
        summary = FleetSummary.of(telemetry, classifier, now, summary);
        latest = new FleetFrame(telemetry, summary, now);
        // A copy: a view may subscribe or cancel while handling the frame.
        for (Consumer<FleetFrame> sink : List.copyOf(sinks)) {
            sink.accept(latest);
        }
        return latest;
    }

    private void pace(long frameNanos) {
        FleetTelemetry telemetry = fleet.current();
        boolean changed = telemetry != lastTelemetry || telemetry.version() != lastVersion;
        long sinceRefresh = frameNanos - lastRefreshNanos;
        if (!refreshedSinceStart || sinceRefresh >= MAX_GAP_NANOS || (changed && sinceRefresh >= MIN_GAP_NANOS)) {
            refreshNow();
            lastRefreshNanos = frameNanos;
            refreshedSinceStart = true;
        }
    }
}
