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
    private final AtomicReference<CellColours> ready = new AtomicReference<>();
    /** The recipe for the next frame, or null when the worker should not colour it (a filter is chosen). */
    private final Supplier<CellRecipe> recipe;

    private CellColours shown;

    /** @param recipe FX thread: the recipe now, or null to leave the next frame to the FX thread */
    CellColourWork(Supplier<CellRecipe> recipe) {
        this.recipe = recipe;
    }

    @Override
    public Job prepare() {
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
     * FX thread: the colours the worker worked out for this very frame by this recipe, which the
     * heatmap then paints, or null when it has none.
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
