package io.headroom.core.idle;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.TestFleets;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.SampleBuffer;
import io.headroom.core.fleet.SchedulerState;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdleClassifierTest {

    private static final long MINUTE = 60_000;
    /** Sample times are epoch milliseconds; 0 means "never sampled". */
    private static final long T0 = 1_764_000_000_000L;

    private final IdleClassifier classifier = new IdleClassifier(IdleThresholds.DEFAULTS);
    private FleetTelemetry t;
    private final SampleBuffer sample = new SampleBuffer();

    @BeforeEach
    void fleet() {
        t = new FleetState(IdleThresholds.DEFAULTS).install(TestFleets.plain(1, 1));
        t.writeNode(0, 0, SchedulerState.ALLOCATED, 1);
    }

    private void at(long time, float utilization, boolean allocated) {
        sample.timeMillis = T0 + time;
        sample.utilizationPct = utilization;
        sample.allocated = allocated;
        t.writeAccelerator(0, sample);
    }

    @Test
    void allocatedButIdleForTheWholeWindowIsHeldIdle() {
        for (long m = 0; m <= 10; m++) {
            at(m * MINUTE, 2, true);
        }
        assertThat(classifier.classify(t, 0, T0 + 10 * MINUTE - 1)).isEqualTo(IdleState.BUSY);
        assertThat(classifier.classify(t, 0, T0 + 10 * MINUTE)).isEqualTo(IdleState.HELD_IDLE);
    }

    @Test
    void aBriefDipIsStillBusy() {
        at(0, 90, true);
        at(MINUTE, 1, true);
        at(2 * MINUTE, 1, true);
        assertThat(classifier.classify(t, 0, T0 + 2 * MINUTE)).isEqualTo(IdleState.BUSY);
    }

    @Test
    void unallocatedAndIdleIsFreeIdleAtOnce() {
        at(0, 0, false);
        assertThat(classifier.classify(t, 0, T0 + 0)).isEqualTo(IdleState.FREE_IDLE);
        at(1000, 60, false);
        assertThat(classifier.classify(t, 0, T0 + 1000)).isEqualTo(IdleState.BUSY);
    }

    @Test
    void staleBeatsEverythingAfterThreeMissedIntervals() {
        sample.eccUncorrectable = 2;
        at(1000, 0, false);
        assertThat(classifier.classify(t, 0, T0 + 4000)).isEqualTo(IdleState.FAULTED);
        assertThat(classifier.classify(t, 0, T0 + 4001)).isEqualTo(IdleState.STALE);
    }

    @Test
    void neverSampledIsStale() {
        assertThat(classifier.classify(t, 0, T0 + 0)).isEqualTo(IdleState.STALE);
    }

    @Test
    void criticalXidsFaultButApplicationXidsDoNot() {
        sample.lastXid = 13;
        at(0, 0, false);
        assertThat(classifier.classify(t, 0, T0 + 0)).isEqualTo(IdleState.FREE_IDLE);
        sample.lastXid = 79;
        at(0, 0, false);
        assertThat(classifier.classify(t, 0, T0 + 0)).isEqualTo(IdleState.FAULTED);
    }

    @Test
    void drainingIsNotDrainedWhileAJobRuns() {
        t.writeNode(0, 0, SchedulerState.DRAINING, 2);
        at(0, 80, true);
        assertThat(classifier.classify(t, 0, T0 + 0)).isEqualTo(IdleState.BUSY);
        at(1000, 0, false);
        assertThat(classifier.classify(t, 0, T0 + 1000)).isEqualTo(IdleState.DRAINED);
        t.writeNode(0, 1000, SchedulerState.DRAINED, 3);
        assertThat(classifier.classify(t, 0, T0 + 1000)).isEqualTo(IdleState.DRAINED);
    }

    @Test
    void aMigGpuIsAsBusyAsItsBusiestSliceAndSlicesAreJudgedOnSmActivity() {
        FleetTelemetry mig = new FleetState(IdleThresholds.DEFAULTS).install(TestFleets.withMig());
        int gpu = mig.layout().gpuSlot(0, 1);
        int s1 = mig.layout().sliceSlot(gpu, 1);
        int s2 = mig.layout().sliceSlot(gpu, 2);
        var b = new SampleBuffer();
        b.timeMillis = 1000;
        mig.writeAccelerator(gpu, b); // power and temperatures only: utilization is NaN under MIG
        b.smActivePct = 0;
        mig.writeAccelerator(s1, b);
        b.smActivePct = 45;
        b.allocated = true;
        mig.writeAccelerator(s2, b);
        assertThat(classifier.classify(mig, s1, 1000)).isEqualTo(IdleState.FREE_IDLE);
        assertThat(classifier.classify(mig, s2, 1000)).isEqualTo(IdleState.BUSY);
        assertThat(classifier.classify(mig, gpu, 1000)).isEqualTo(IdleState.BUSY);

        b.smActivePct = 0;
        b.allocated = false;
        mig.writeAccelerator(s2, b);
        assertThat(classifier.classify(mig, gpu, 1000)).isEqualTo(IdleState.FREE_IDLE);
    }

    @Test
    void thresholdsAreSettings() {
        var strict = new IdleClassifier(new IdleThresholds(20, Duration.ZERO, 3));
        at(0, 15, true);
        assertThat(classifier.classify(t, 0, T0 + 0)).isEqualTo(IdleState.BUSY);
        // FleetState tracks idleness against its own threshold (5 %); 15 % is not idle there.
        assertThat(strict.classify(t, 0, T0 + 0)).isEqualTo(IdleState.BUSY);
        at(1000, 1, true);
        assertThat(strict.classify(t, 0, T0 + 1000)).isEqualTo(IdleState.HELD_IDLE);
    }
}
