package io.headroom.core.idle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headroom.core.TestFleets;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.SampleBuffer;
import org.junit.jupiter.api.Test;

class FleetSummaryTest {

    // the test checks the flat state encoding itself: one IdleState ordinal per GPU byte
    @SuppressWarnings("EnumOrdinal")
    @Test
    void countsStatesAndAddsUpUtilizationPowerAndIdleCapacity() {
        FleetTelemetry t = new FleetState(IdleThresholds.DEFAULTS).install(TestFleets.plain(2, 2));
        var b = new SampleBuffer();
        b.timeMillis = 1000;
        b.allocated = true;
        b.utilizationPct = 90;
        b.powerW = 600;
        t.writeAccelerator(0, b);
        t.writeAccelerator(1, b);
        b.allocated = false;
        b.utilizationPct = 0;
        b.powerW = 80;
        t.writeAccelerator(2, b);
        // slot 3 never reports: stale, and node n1 is not entirely stale
        var summary = FleetSummary.of(t, new IdleClassifier(IdleThresholds.DEFAULTS), 1000);

        assertThat(summary.gpus(IdleState.BUSY)).isEqualTo(2);
        assertThat(summary.gpus(IdleState.FREE_IDLE)).isEqualTo(1);
        assertThat(summary.gpus(IdleState.STALE)).isEqualTo(1);
        assertThat(summary.gpuStates()[3]).isEqualTo((byte) IdleState.STALE.ordinal());
        assertThat(summary.utilizationPct()).isCloseTo(60, within(1e-9));
        assertThat(summary.gpuPowerKw()).isCloseTo(1.28, within(1e-9));
        assertThat(summary.idlePflops()).isCloseTo(0.989, within(1e-6));
        assertThat(summary.staleNodes()).isZero();
        assertThat(summary.newestSampleMillis()).isEqualTo(1000);

        var later = FleetSummary.of(t, new IdleClassifier(IdleThresholds.DEFAULTS), 10_000, summary);
        assertThat(later.gpuStates()).isSameAs(summary.gpuStates());
        assertThat(later.staleNodes()).isEqualTo(2);
        assertThat(later.utilizationPct()).isNaN();
    }

    @Test
    void migSlicesAreCountedAndWeightedByTheirComputeShare() {
        FleetTelemetry t = new FleetState(IdleThresholds.DEFAULTS).install(TestFleets.withMig());
        var b = new SampleBuffer();
        b.timeMillis = 1000;
        t.writeAccelerator(0, b); // whole GPU, nothing measured, unallocated: free-idle
        int gpu = 1;
        t.writeAccelerator(gpu, b);
        b.smActivePct = 70;
        b.allocated = true;
        t.writeAccelerator(t.layout().sliceSlot(gpu, 1), b); // 3/7 busy at 70 %
        b.smActivePct = 0;
        b.allocated = false;
        t.writeAccelerator(t.layout().sliceSlot(gpu, 2), b); // 4/7 free

        var summary = FleetSummary.of(t, new IdleClassifier(IdleThresholds.DEFAULTS), 1000);
        assertThat(summary.slices(IdleState.BUSY)).isEqualTo(1);
        assertThat(summary.slices(IdleState.FREE_IDLE)).isEqualTo(1);
        assertThat(summary.gpus(IdleState.BUSY)).isEqualTo(1);
        assertThat(summary.utilizationPct()).isCloseTo(30, within(1e-4));
        assertThat(summary.idlePflops()).isCloseTo((989 + 989 * 4 / 7.0) / 1000, within(1e-4));
    }
}
