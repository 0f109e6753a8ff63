package io.headroom.agent.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.idle.FleetSummary;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.idle.IdleState;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A weekday of the default fleet, one tick a simulated minute, classified as the console would. */
class SimulatedDayTest {

    private static final long MIDNIGHT = ZonedDateTime.of(2025, 3, 12, 0, 0, 0, 0, ZoneOffset.ofHours(8))
            .toInstant()
            .toEpochMilli();
    private static final int MINUTE = 60_000;
    /** The first idle window, when no allocated GPU can yet be held-idle. */
    private static final int WARM_UP_MINUTES = 10;

    private static double idleShare;
    private static double heldIdleShare;
    private static double busyAt4;
    private static double busyAt14;
    private static int maxFaulted;
    private static int minFaulted = Integer.MAX_VALUE;
    private static boolean sawOffTheBus;
    private static boolean sawEccFault;
    private static int maxStale;
    private static boolean staleCleared;
    private static float maxInlet;
    private static long rackReadings;
    private static long normalInletReadings;
    private static boolean sawThermalSlowdown;
    private static double maxRackLoad;
    private static long sliceSamples;
    private static long sliceSamplesWithoutUtilization;

    @BeforeAll
    static void runADay() {
        var simulator = new FleetSimulator(FleetShape.DEFAULT, 42, MIDNIGHT, MINUTE, "");
        FleetState state = Telemetry.stateFor(simulator);
        var classifier = new IdleClassifier(IdleThresholds.DEFAULTS);
        FleetSummary summary = null;
        double idleSum = 0;
        double heldSum = 0;
        int samples = 0;
        boolean staleSeen = false;
        for (int m = 0; m <= 24 * 60; m++) {
            long now = MIDNIGHT + (long) m * MINUTE;
            FleetTelemetry telemetry = state.current();
            simulator.tick(now, telemetry);
            summary = FleetSummary.of(telemetry, classifier, now, summary);
            double gpus = summary.gpuCount();
            if (m >= WARM_UP_MINUTES) {
                idleSum += summary.idleGpus() / gpus;
                heldSum += summary.gpus(IdleState.HELD_IDLE) / gpus;
                samples++;
            }
            if (m == 4 * 60) {
                busyAt4 = summary.gpus(IdleState.BUSY) / gpus;
            }
            if (m == 14 * 60) {
                busyAt14 = summary.gpus(IdleState.BUSY) / gpus;
            }
            maxFaulted = Math.max(maxFaulted, summary.gpus(IdleState.FAULTED));
            minFaulted = Math.min(minFaulted, summary.gpus(IdleState.FAULTED));
            int stale = summary.gpus(IdleState.STALE);
            maxStale = Math.max(maxStale, stale);
            staleSeen |= stale > 0;
            staleCleared |= staleSeen && stale == 0;
            inspect(telemetry, now);
        }
        idleShare = idleSum / samples;
        heldIdleShare = heldSum / samples;
        System.out.printf(
                "simulated day: idle %.3f (held-idle %.3f), busy at 04:00 %.3f, at 14:00 %.3f, faulted %d..%d,"
                        + " max stale %d, max inlet %.1f C, max rack load %.2f%n",
                idleShare, heldIdleShare, busyAt4, busyAt14, minFaulted, maxFaulted, maxStale, maxInlet, maxRackLoad);
    }

    private static void inspect(FleetTelemetry telemetry, long now) {
        FleetLayout layout = telemetry.layout();
        for (int s = 0; s < layout.slotCount(); s++) {
            if (telemetry.sampleTime(s) != now) {
                continue;
            }
            if (layout.isSlice(s) && !telemetry.missing(s)) {
                sliceSamples++;
                if (Float.isNaN(telemetry.utilizationPct(s)) && !Float.isNaN(telemetry.smActivePct(s))) {
                    sliceSamplesWithoutUtilization++;
                }
                continue;
            }
            if (layout.isSlice(s)) {
                continue;
            }
            sawOffTheBus |= telemetry.missing(s) && telemetry.lastXid(s) == 79 && Float.isNaN(telemetry.powerW(s));
            sawEccFault |= telemetry.eccUncorrectable(s) > 0
                    && (telemetry.lastXid(s) == 48 || telemetry.lastXid(s) == 94 || telemetry.lastXid(s) == 95);
            sawThermalSlowdown |= (telemetry.throttleReasons(s) & 0x20) != 0;
        }
        for (int r = 0; r < layout.rackCount(); r++) {
            float inlet = telemetry.rackInletC(r);
            rackReadings++;
            if (inlet >= 18 && inlet <= 26) {
                normalInletReadings++;
            }
            maxInlet = Math.max(maxInlet, inlet);
            maxRackLoad = Math.max(
                    maxRackLoad, telemetry.rackPowerKw(r) / layout.rack(r).powerBudgetKw());
        }
    }

    @Test
    void roughlyAThirdOfTheFleetIsIdleOverTheDay() {
        assertThat(idleShare).isBetween(0.25, 0.45);
    }

    @Test
    void someAllocatedGpusSitHeldIdle() {
        assertThat(heldIdleShare).isBetween(0.05, 0.15);
    }

    @Test
    void theAfternoonIsBusierThanTheSmallHours() {
        assertThat(busyAt14).isGreaterThan(busyAt4 + 0.1);
    }

    @Test
    void aFewGpusAreFaultedAtAnyMoment() {
        assertThat(minFaulted).isPositive();
        assertThat(maxFaulted).isLessThan(10_240 / 100);
        assertThat(sawOffTheBus).isTrue();
        assertThat(sawEccFault).isTrue();
    }

    @Test
    void aSilentRackGoesStaleAndComesBack() {
        assertThat(maxStale).isGreaterThanOrEqualTo(64);
        assertThat(staleCleared).isTrue();
    }

    @Test
    void inletAirIsNormallyEighteenToTwentySixButSomeRacksRunHot() {
        assertThat((double) normalInletReadings / rackReadings).isGreaterThan(0.97);
        assertThat(maxInlet).isGreaterThan(27f);
        assertThat(sawThermalSlowdown).isTrue();
    }

    @Test
    void busyRacksRunNearTheirPowerBudget() {
        assertThat(maxRackLoad).isBetween(0.9, 1.0);
    }

    @Test
    void migSlicesReportActivityButNoUtilization() {
        assertThat(sliceSamples).isPositive();
        assertThat(sliceSamplesWithoutUtilization).isEqualTo(sliceSamples);
    }
}
