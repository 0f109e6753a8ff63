package io.headroom.views.heatmap;

import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.idle.FleetSummary;
import io.headroom.views.live.FrameWork;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The heatmap's cell colours worked out on the feed's worker with the summary, so that a
 * refresh in which every cell changes colour (utilization on a busy fleet: a million scale
 * lookups) costs the FX thread only the pixels of the cells that changed.
 *
 * <p>Two sets of colours take turns: the one the heatmap took last ({@link #shown}) is only
 * read, by the FX thread's painter and by the worker listing what changed since; the worker
 * writes the other. The feed runs one job at a time, so the other is never being read. No
 * colours are made per refresh (a million-entry int array is a humongous allocation for G1).
 *
 * <p>The worker knows no filter: while the operator has one chosen the job is skipped and the
 * heatmap colours the cells itself, as it does for a frame the job did not colour (a new
 * colouring or theme since, or a frame worked out at once by {@code refreshNow}).
 */
final class CellColourWork implements FrameWork {

    private final CellColours first = new CellColours();
    private final CellColours second = new CellColours();
    /** The colours worked out on the FX thread, for a frame the worker did not colour. */
    private final CellColours here = new CellColours();

    private final AtomicReference<CellColours> ready = new AtomicReference<>();
    private final Supplier<CellRecipe> recipe;
    private final HeatmapFilter filter;

    private CellColours shown;
    private long takenFromWorker;

    /**
     * @param recipe FX thread: the colouring and theme colours now; null while the heatmap is hidden (the worker
     *     colours nothing then)
     * @param filter the operator's choice, read on the FX thread only: while one is chosen the worker colours nothing
     */
    CellColourWork(Supplier<CellRecipe> recipe, HeatmapFilter filter) {
        this.recipe = recipe;
        this.filter = filter;
    }

    @Override
    public Job prepare() {
        if (filter.active()) {
            return null;
        }
        CellRecipe now = recipe.get();
        if (now == null) {
            return null;
        }
        CellColours previous = shown;
        CellColours target = previous == first ? second : first;
        ready.set(null); // it may hold target, of a frame not taken: not to be matched while the worker rewrites it
        return (FleetTelemetry telemetry, FleetSummary summary, long nowMillis) -> {
            target.compute(telemetry, summary, now, null, previous);
            ready.set(target);
        };
    }

    /**
     * FX thread: the colours of this frame by this recipe and the filter now: the worker's when it worked
     * them out for this very frame, else worked out here and now. Valid until the next call.
     */
    CellColours coloursFor(FleetTelemetry telemetry, FleetSummary summary, CellRecipe now) {
        CellColours worked = filter.active() ? null : take(telemetry, summary, now);
        if (worked != null) {
            takenFromWorker++;
            return worked;
        }
        here.compute(telemetry, summary, now, filter, null);
        return here;
    }

    /** How many times {@link #coloursFor} found the worker's colours; for tests. */
    long takenFromWorker() {
        return takenFromWorker;
    }

    /**
     * FX thread: the colours the worker worked out for this very frame by this recipe, or null
     * when it has none.
     */
    CellColours take(FleetTelemetry telemetry, FleetSummary summary, CellRecipe recipe) {
        CellColours done = ready.get();
        if (done != null && done.isFor(telemetry, summary, recipe)) {
            shown = done;
            return done;
        }
        return shown != null && shown.isFor(telemetry, summary, recipe) ? shown : null;
    }
}
