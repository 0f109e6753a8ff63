package io.headroom.agent.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/** The simulated fleet's past: the same for the same seed, with the rhythms a manager should find in it. */
class FleetPastTest {

    private static final long HOUR = 3_600_000L;
    private static final long FROM = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    // Local time is UTC+8: 16:00 local is 08:00 UTC, 04:00 local is 20:00 UTC the day before.
    private static final long WEDNESDAY_AFTERNOON =
            Instant.parse("2026-12-02T08:00:00Z").toEpochMilli();
    private static final long WEDNESDAY_NIGHT =
            Instant.parse("2026-12-01T20:00:00Z").toEpochMilli();
    private static final long SATURDAY_AFTERNOON =
            Instant.parse("2026-11-28T08:00:00Z").toEpochMilli();

    private final FleetPast past = FleetPast.of(FleetShape.DEFAULT, 42, "", FROM);

    @Test
    void sameSeedSamePastOtherSeedAnother() {
        FleetPast again = FleetPast.of(FleetShape.DEFAULT, 42, "", FROM);
        FleetPast other = FleetPast.of(FleetShape.DEFAULT, 43, "", FROM);
        var a = new FleetPast.PeriodFigures();
        var b = new FleetPast.PeriodFigures();
        var c = new FleetPast.PeriodFigures();
        int differ = 0;
        for (int accel = 0; accel < Math.min(past.accelerators(), other.accelerators()); accel += 97) {
            for (long t = FROM; t < FROM + 72 * HOUR; t += 7 * HOUR) {
                a.clear();
                b.clear();
                c.clear();
                past.period(accel, t, HOUR, a);
                again.period(accel, t, HOUR, b);
                other.period(accel, t, HOUR, c);
                assertEquals(past.uuid(accel), again.uuid(accel));
                assertEquals(a.busy, b.busy);
                assertEquals(a.heldIdle, b.heldIdle);
                assertEquals(a.freeIdle, b.freeIdle);
                assertEquals(a.meanPowerW(), b.meanPowerW());
                if (a.busy != c.busy || a.heldIdle != c.heldIdle) {
                    differ++;
                }
            }
        }
        assertTrue(differ > 100, "another seed gives another past; " + differ + " accelerator-hours differ");
    }

    @Test
    void everySecondOfAPeriodIsInExactlyOneState() {
        var f = new FleetPast.PeriodFigures();
        for (int accel = 0; accel < past.accelerators(); accel += 13) {
            f.clear();
            past.period(accel, FROM - 12 * HOUR, 24 * HOUR, f);
            assertEquals(86_400, f.busy + f.heldIdle + f.freeIdle + f.drained + f.faulted + f.uncovered);
            assertEquals(12 * 3600, f.uncovered, "the 12 hours before the past was kept are uncovered");
        }
    }

    @Test
    void beforeItStartedNothingIsKeptAndNothingIsIdle() {
        var f = new FleetPast.PeriodFigures();
        past.period(0, FROM - HOUR, HOUR, f);
        assertEquals(3600, f.uncovered);
        assertEquals(0, f.freeIdle + f.heldIdle + f.busy);
        assertTrue(Double.isNaN(f.meanUtilizationPct()), "nothing measured is not 0 %");
    }

    @Test
    void nightsAreIdlerThanAfternoons() {
        double night = idleShare(WEDNESDAY_NIGHT, a -> true);
        double afternoon = idleShare(WEDNESDAY_AFTERNOON, a -> true);
        assertTrue(night > afternoon + 0.15, "idle at 04:00 " + night + ", at 16:00 " + afternoon);
    }

    @Test
    void theTrainingBlockEmptiesAtTheWeekend() {
        double saturday = allocatedShare(SATURDAY_AFTERNOON, past::inWeekendBlock);
        double wednesday = allocatedShare(WEDNESDAY_AFTERNOON, past::inWeekendBlock);
        assertTrue(wednesday > 0.6, "the block is busy on a Wednesday: " + wednesday);
        assertTrue(saturday < 0.1, "and empty on a Saturday: " + saturday);
        double rest = allocatedShare(SATURDAY_AFTERNOON, a -> !past.inWeekendBlock(a));
        assertTrue(rest > 0.4, "the rest of the fleet still works on a Saturday: " + rest);
    }

    @Test
    void theNotebookTenantHoldsWhatItTakesIdle() {
        double notebooks = heldShareOfAllocated(past::withNotebookTenant);
        double others = heldShareOfAllocated(a -> !past.withNotebookTenant(a));
        assertTrue(notebooks > 0.6, "the notebook tenant holds idle " + notebooks + " of what it takes");
        assertTrue(others < 0.3, "the others " + others);
    }

    private double idleShare(long hourStart, IntPredicate which) {
        long idle = 0;
        long covered = 0;
        var f = new FleetPast.PeriodFigures();
        for (int a = 0; a < past.accelerators(); a++) {
            if (which.test(a) && past.parentUuid(a).isEmpty()) {
                f.clear();
                past.period(a, hourStart, HOUR, f);
                idle += f.heldIdle + f.freeIdle;
                covered += f.busy + f.heldIdle + f.freeIdle + f.drained + f.faulted;
            }
        }
        return idle / (double) covered;
    }

    private double allocatedShare(long hourStart, IntPredicate which) {
        long allocated = 0;
        long covered = 0;
        var f = new FleetPast.PeriodFigures();
        for (int a = 0; a < past.accelerators(); a++) {
            if (which.test(a)) {
                f.clear();
                past.period(a, hourStart, HOUR, f);
                allocated += f.busy + f.heldIdle;
                covered += f.busy + f.heldIdle + f.freeIdle + f.drained + f.faulted;
            }
        }
        assertNotEquals(0, covered, "some accelerators match");
        return allocated / (double) covered;
    }

    private double heldShareOfAllocated(IntPredicate which) {
        long held = 0;
        long allocated = 0;
        var f = new FleetPast.PeriodFigures();
        for (int a = 0; a < past.accelerators(); a++) {
            if (which.test(a)) {
                f.clear();
                past.period(a, FROM + 10 * 24 * HOUR, 24 * HOUR, f);
                held += f.heldIdle;
                allocated += f.busy + f.heldIdle;
            }
        }
        return held / (double) allocated;
    }
}
