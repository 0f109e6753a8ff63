package io.headroom.views.live;

import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.idle.FleetSummary;

/**
 * A pass over every GPU that a page wants done for each refresh on the feed's worker, right
 * after the fleet summary and before the frame is handed out, so that it is ready when the
 * frame is and the FX thread does not pay for it (the heatmap's cell colours: a million scale
 * lookups a refresh when every cell changes colour). Register it with
 * {@link FleetFeed#addFrameWork}. What the job works out stays with the page: it matches it
 * to the frame when the frame comes, by the frame's summary, and works it out itself when it
 * does not match ({@link FleetFeed#refreshNow()} runs no job).
 */
public interface FrameWork {

    /**
     * FX thread, when the feed asks for a summary: the job for that refresh, holding whatever
     * FX-side choices it needs (copied: it runs on another thread), or null for none this time.
     */
    Job prepare();

    /** Runs on the feed's worker, one at a time, after {@code summary} has been worked out from {@code telemetry}. */
    @FunctionalInterface
    interface Job {
        void run(FleetTelemetry telemetry, FleetSummary summary, long nowMillis);
    }
}
