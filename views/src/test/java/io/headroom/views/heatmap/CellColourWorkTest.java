package io.headroom.views.heatmap;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.SampleBuffer;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.TestFleet;
import io.headroom.core.idle.FleetSummary;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.idle.IdleState;
import io.headroom.themes.MetricScale;
import io.headroom.views.live.FrameWork;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The heatmap's colours worked out on the feed's worker: the same as the FX thread would have
 * worked out, the changes listed exactly, and never painted for a frame they were not worked
 * out for. Plain Java, no toolkit: the jobs are run here as the feed's worker would run them.
 */
class CellColourWorkTest {

    private static final long NOW = 1_760_000_000_000L;
    private static final IdleClassifier CLASSIFIER = new IdleClassifier(IdleThresholds.DEFAULTS);
    // Wall-dark-like colours, one per state, and a three-stop scale.
    private static final int[] STATES = new int[IdleState.values().length];

    static {
        for (int i = 0; i < STATES.length; i++) {
            STATES[i] = 0xFF000000 | (0x203040 + i * 0x101010);
        }
    }

    private static final MetricScale SCALE = new MetricScale(new int[] {0xFF440154, 0xFF21918C, 0xFFFDE725});

    private final TestFleet fleet = TestFleet.of(1, 2, 3, 4, 8, 0);
    private final SplittableRandom random = new SplittableRandom(7);

    private static CellRecipe recipe(Colouring colouring) {
        return new CellRecipe(colouring, STATES.clone(), 0xFF777777, 0xFF202020, 0xFF121922, SCALE);
    }

    /** Every GPU a new reading, as the view benchmark writes them; some nodes stale, some held idle, some free. */
    private void sampleEveryGpu(long now) {
        FleetTelemetry telemetry = fleet.telemetry();
        var layout = telemetry.layout();
        SampleBuffer sample = new SampleBuffer();
        for (int node = 0; node < layout.nodeCount(); node++) {
            long at = node % 7 == 3 ? now - 5 * 60_000 : now; // stale: hatched whatever the colouring
            boolean allocated = node % 5 != 4;
            for (int slot = layout.firstGpuSlot(node); slot < layout.endGpuSlot(node); slot++) {
                sample.clear();
                sample.timeMillis = at;
                float util = allocated ? random.nextInt(100) : 0;
                sample.utilizationPct = util;
                sample.smActivePct = util;
                sample.memoryUsedMib = allocated ? 40_000 + random.nextInt(40_000) : 500;
                sample.powerW = 80 + util * 6;
                sample.powerLimitW = 700;
                sample.gpuTempC = 30 + util / 2;
                sample.memoryTempC = 35 + util / 2;
                sample.smClockMhz = 1980;
                sample.allocated = allocated;
                telemetry.writeAccelerator(slot, sample);
            }
            telemetry.writeNode(node, at, allocated ? SchedulerState.ALLOCATED : SchedulerState.IDLE, 1);
        }
        telemetry.publish(layout.gpuCount());
    }

    /** One refresh as the feed does it: prepare on the FX thread, the summary and the job on the worker. */
    private FleetSummary refresh(CellColourWork work, long now) {
        FrameWork.Job job = work.prepare();
        FleetSummary summary = FleetSummary.of(fleet.telemetry(), CLASSIFIER, now);
        if (job != null) {
            job.run(fleet.telemetry(), summary, now);
        }
        return summary;
    }

    @ParameterizedTest
    @EnumSource(Colouring.class)
    void theWorkersColoursAreThoseTheFxThreadWouldHaveWorkedOut(Colouring colouring) {
        CellRecipe recipe = recipe(colouring);
        CellColourWork work = new CellColourWork(() -> recipe, new HeatmapFilter());
        for (int round = 0; round < 4; round++) {
            long now = NOW + round * 1_000L;
            sampleEveryGpu(now);
            FleetSummary summary = refresh(work, now);

            CellColours worked = work.take(fleet.telemetry(), summary, recipe);
            CellColours onFx = new CellColours();
            onFx.compute(fleet.telemetry(), summary, recipe, new HeatmapFilter(), null);

            assertThat(worked).as("round %d", round).isNotNull();
            assertThat(worked.colours()).as("round %d", round).isEqualTo(onFx.colours());
            assertThat(worked.hatches()).as("round %d", round).isEqualTo(onFx.hatches());
        }
    }

    @Test
    void theChangesListedAreExactlyTheCellsWhoseColourChanged() {
        CellRecipe recipe = recipe(Colouring.UTILIZATION);
        CellColourWork work = new CellColourWork(() -> recipe, new HeatmapFilter());
        sampleEveryGpu(NOW);
        FleetSummary first = refresh(work, NOW);
        CellColours before = work.take(fleet.telemetry(), first, recipe);
        int[] coloursBefore = before.colours().clone();
        int[] hatchesBefore = before.hatches().clone();

        sampleEveryGpu(NOW + 1_000);
        FleetSummary second = refresh(work, NOW + 1_000);
        CellColours after = work.take(fleet.telemetry(), second, recipe);

        assertThat(after).isNotSameAs(before);
        assertThat(after.basedOn()).isEqualTo(before.generation());
        List<Integer> expected = new ArrayList<>();
        for (int slot = 0; slot < coloursBefore.length; slot++) {
            if (coloursBefore[slot] != after.colours()[slot] || hatchesBefore[slot] != after.hatches()[slot]) {
                expected.add(slot);
            }
        }
        List<Integer> listed = new ArrayList<>();
        for (int i = 0; i < after.changedCount(); i++) {
            listed.add(after.changed()[i]);
        }
        assertThat(expected).as("random readings change most cells").hasSizeGreaterThan(coloursBefore.length / 2);
        assertThat(listed).isEqualTo(expected);
    }

    @Test
    void coloursOfAPreviousInventoryAreNeverTakenForTheNewOne() {
        CellRecipe recipe = recipe(Colouring.UTILIZATION);
        CellColourWork work = new CellColourWork(() -> recipe, new HeatmapFilter());
        sampleEveryGpu(NOW);
        FleetSummary old = refresh(work, NOW);
        assertThat(work.take(fleet.telemetry(), old, recipe)).isNotNull();

        // A new inventory with the same number of GPUs: the old colours have the right length but the wrong GPUs.
        FleetTelemetry renewed = fleet.state.install(TestFleet.of(1, 2, 3, 4, 8, 0).inventory);
        assertThat(renewed).isNotSameAs(old);
        FleetSummary fresh = FleetSummary.of(renewed, CLASSIFIER, NOW);
        assertThat(work.take(renewed, fresh, recipe))
                .as("the worker has not coloured this inventory")
                .isNull();

        // The next worked-out colours are of the new layout and list no changes from the old one's.
        FleetSummary next = refresh(work, NOW + 1_000);
        CellColours worked = work.take(fleet.telemetry(), next, recipe);
        assertThat(worked).isNotNull();
        assertThat(worked.basedOn()).isEqualTo(CellColours.NONE);
        assertThat(worked.changedCount()).isZero();
    }

    @Test
    void coloursByAnOlderRecipeOrForAnotherFrameAreNotTaken() {
        CellRecipe[] now = {recipe(Colouring.UTILIZATION)};
        CellColourWork work = new CellColourWork(() -> now[0], new HeatmapFilter());
        sampleEveryGpu(NOW);
        FleetSummary summary = refresh(work, NOW);
        CellRecipe older = now[0];

        now[0] = recipe(Colouring.TEMPERATURE); // the operator chose another colouring since
        assertThat(work.take(fleet.telemetry(), summary, now[0])).isNull();
        assertThat(work.take(fleet.telemetry(), FleetSummary.of(fleet.telemetry(), CLASSIFIER, NOW), older))
                .as("another summary of the same telemetry")
                .isNull();
        assertThat(work.take(fleet.telemetry(), summary, older)).isNotNull();
    }

    @Test
    void aFrameWhoseColoursWereNotTakenIsNotMatchedWhileTheWorkerRewritesThem() {
        CellRecipe recipe = recipe(Colouring.UTILIZATION);
        CellColourWork work = new CellColourWork(() -> recipe, new HeatmapFilter());
        sampleEveryGpu(NOW);
        FleetSummary taken = refresh(work, NOW);
        work.take(fleet.telemetry(), taken, recipe);
        sampleEveryGpu(NOW + 1_000);
        FleetSummary notTaken = refresh(work, NOW + 1_000); // the heatmap was hidden: never took it

        work.prepare(); // the next job starts, into the colours of the frame not taken
        assertThat(work.take(fleet.telemetry(), notTaken, recipe)).isNull();
        assertThat(work.take(fleet.telemetry(), taken, recipe))
                .as("the frame shown still is")
                .isNotNull();
    }

    @Test
    void noJobWhileTheHeatmapIsHidden() {
        CellColourWork work = new CellColourWork(() -> null, new HeatmapFilter());
        assertThat(work.prepare()).isNull();
    }

    @Test
    void whileAFilterIsChosenTheWorkerColoursNothingAndTheCellsAreDimmedHere() {
        CellRecipe recipe = recipe(Colouring.STATE);
        HeatmapFilter filter = new HeatmapFilter();
        CellColourWork work = new CellColourWork(() -> recipe, filter);
        sampleEveryGpu(NOW);
        FleetSummary unfiltered = refresh(work, NOW);
        assertThat(work.coloursFor(fleet.telemetry(), unfiltered, recipe)).isNotNull();
        assertThat(work.takenFromWorker()).isEqualTo(1);

        filter.choose(
                java.util.Set.of(), java.util.Set.of(), java.util.Set.of(), java.util.Set.of(IdleState.FREE_IDLE));
        assertThat(work.prepare()).isNull();
        assertThat(work.takenFromWorker()).isEqualTo(1);
        CellColours here = work.coloursFor(fleet.telemetry(), unfiltered, recipe);
        assertThat(work.takenFromWorker())
                .as("the worker's colours know no filter")
                .isEqualTo(1);
        CellColours expected = new CellColours();
        expected.compute(fleet.telemetry(), unfiltered, recipe, filter, null);
        assertThat(here.colours()).isEqualTo(expected.colours());
        int busy = fleet.telemetry().layout().firstGpuSlot(0);
        assertThat(here.colours()[busy])
                .as("a busy GPU, left out")
                .isEqualTo(MetricScale.blend(
                        recipe.stateArgb(unfiltered.gpuStates()[busy]), recipe.background, CellColours.DIM));
    }
}
