package io.headroom.views.heatmap;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.idle.FleetSummary;
import io.headroom.core.idle.IdleState;
import io.headroom.themes.MetricScale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each GPU's colour for one frame: its state's, or its reading on the metric scale; stale
 * GPUs are always hatched grey, whatever the colouring (old readings are never shown as
 * live), and a GPU without the reading gets the rack colour. Cells the filter leaves out are
 * dimmed three quarters of the way into the background. Arrays are reused frame to frame.
 *
 * <p>Worked out on the feed's worker ({@link CellColourWork}) or, when that does not fit the
 * frame, on the FX thread; the same code either way. Worked out against the colours of an
 * earlier frame ({@code previous}), it also lists the GPUs whose colour changed since, so the
 * painter, when that earlier frame is what it painted last, visits only those.
 */
final class CellColours {

    // The telemetry's per-GPU states are bytes holding IdleState ordinals; cells compare against them per frame.
    @SuppressWarnings("EnumOrdinal")
    private static final byte STALE = (byte) IdleState.STALE.ordinal();
    /** How far a left-out cell fades into the background. */
    static final double DIM = 0.75;
    /** No generation: the colours were not worked out against an earlier frame's. */
    static final long NONE = -1;

    private static final AtomicLong GENERATIONS = new AtomicLong();

    private int[] colours = new int[0];
    private int[] hatches = new int[0];
    private int[] changed = new int[0];
    private int changedCount;
    private long generation = NONE;
    private long basedOn = NONE;
    private FleetTelemetry telemetry;
    private FleetSummary summary;
    private CellRecipe recipe;
    private float high;

    /**
     * These very colours and stripes as a generation of their own, listing the changes from
     * {@code previous} (null: none); for the painter's tests.
     */
    static CellColours given(int[] colours, int[] hatches, CellColours previous) {
        CellColours cells = new CellColours();
        cells.colours = colours;
        cells.hatches = hatches;
        if (previous != null) {
            cells.changed = new int[colours.length];
            for (int slot = 0; slot < colours.length; slot++) {
                if (colours[slot] != previous.colours[slot] || hatches[slot] != previous.hatches[slot]) {
                    cells.changed[cells.changedCount++] = slot;
                }
            }
            cells.basedOn = previous.generation;
        }
        cells.generation = GENERATIONS.incrementAndGet();
        return cells;
    }

    int[] colours() {
        return colours;
    }

    int[] hatches() {
        return hatches;
    }

    /** Which colours these are, unique in the process: the painter remembers the one it painted last. */
    long generation() {
        return generation;
    }

    /** The generation of the colours {@link #changed()} lists the changes from, or {@link #NONE}. */
    long basedOn() {
        return basedOn;
    }

    /** GPU slots whose colour or stripes differ from generation {@link #basedOn()}'s; the first {@link #changedCount()}. */
    int[] changed() {
        return changed;
    }

    int changedCount() {
        return changedCount;
    }

    /** The top of the scale these colours were worked out with (for power, the highest limit any GPU reports). */
    float high() {
        return high;
    }

    /** Whether these are the colours of this very frame (the same telemetry and summary) by this recipe. */
    // Identity is meant: a summary is a new object each refresh (its state array is reused), a recipe one per choice.
    @SuppressWarnings("ReferenceEquality")
    boolean isFor(FleetTelemetry telemetry, FleetSummary summary, CellRecipe recipe) {
        return this.telemetry == telemetry
                && this.summary == summary
                && this.recipe == recipe
                && colours.length
                        == Math.min(summary.gpuCount(), telemetry.layout().gpuCount());
    }

    /**
     * Works out every GPU's colour for the frame of {@code summary} (from {@code telemetry}).
     *
     * @param filter   cells it leaves out are dimmed; null when none is chosen (the worker never has one)
     * @param previous an earlier frame's colours of the same layout, to list the changes from; null for none
     */
    // Identity is meant: colours of another layout are not compared with, whatever their length.
    @SuppressWarnings("ReferenceEquality")
    void compute(
            FleetTelemetry telemetry,
            FleetSummary summary,
            CellRecipe recipe,
            HeatmapFilter filter,
            CellColours previous) {
        FleetLayout layout = telemetry.layout();
        byte[] states = summary.gpuStates();
        int gpus = Math.min(states.length, layout.gpuCount());
        if (colours.length != gpus) {
            colours = new int[gpus];
            hatches = new int[gpus];
        }
        boolean listing = previous != null
                && previous != this
                && previous.telemetry != null
                && previous.telemetry.layout() == layout
                && previous.colours.length == gpus;
        if (listing && changed.length != gpus) {
            changed = new int[gpus]; // only colours worked out against an earlier frame's list changes
        }
        int[] before = listing ? previous.colours : null;
        int[] hatchesBefore = listing ? previous.hatches : null;
        int count = 0;
        Colouring colouring = recipe.colouring;
        boolean byMetric = colouring.byMetric();
        MetricScale scale = recipe.scale;
        float low = colouring.low();
        float top = byMetric ? colouring.high(telemetry) : 0;
        boolean filtering = filter != null && filter.active();
        for (int slot = 0; slot < gpus; slot++) {
            byte state = states[slot];
            int colour;
            int hatch = 0;
            if (state == STALE) {
                colour = recipe.stateArgb(STALE);
                hatch = recipe.staleHatch;
            } else if (byMetric) {
                float value = colouring.reading(telemetry, slot);
                colour = Float.isNaN(value) ? recipe.rack : scale.argb(value, low, top);
            } else {
                colour = recipe.stateArgb(state);
            }
            if (filtering && !filter.matches(layout, slot, state)) {
                colour = MetricScale.blend(colour, recipe.background, DIM);
                hatch = hatch == 0 ? 0 : MetricScale.blend(hatch, recipe.background, DIM);
            }
            colours[slot] = colour;
            hatches[slot] = hatch;
            if (listing && (before[slot] != colour || hatchesBefore[slot] != hatch)) {
                changed[count++] = slot;
            }
        }
        changedCount = count;
        basedOn = listing ? previous.generation : NONE;
        generation = GENERATIONS.incrementAndGet();
        high = top;
        this.telemetry = telemetry;
        this.summary = summary;
        this.recipe = recipe;
    }
}
