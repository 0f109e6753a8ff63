package io.headroom.core.showback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Showback worked out by hand: two UTC days, three tenants, unknown and uncovered time kept apart. */
class ShowbackTest {

    private static final long HOUR = 3600;
    static final long MONDAY = Instant.parse("2026-11-30T00:00:00Z").toEpochMilli();
    static final long TUESDAY = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();

    /**
     * Monday: physics 8 GPUs (H100-like, 989 TFLOPS each) 80 h busy, 48 h held idle, 16 h
     * unknown, 48 h uncovered; nobody holds 4 GPUs of unknown peak, 96 h free. Tuesday: physics
     * 192 h busy; chem 2 GPUs (500 TFLOPS each) 48 h held idle.
     */
    static UsageAnswer answer() {
        var query = new UsageQuery(MONDAY, TUESDAY + 86_400_000L, ShowbackGrouping.TENANT);
        return new UsageAnswer(
                query,
                List.of("relay-1"),
                List.of(
                        new UsageRow(MONDAY, "physics", 8, 80 * HOUR, 48 * HOUR, 0, 0, 0, 16 * HOUR, 48 * HOUR, 7912),
                        new UsageRow(MONDAY, "", 4, 0, 0, 96 * HOUR, 0, 0, 0, 0, 0),
                        new UsageRow(TUESDAY, "physics", 8, 192 * HOUR, 0, 0, 0, 0, 0, 0, 7912),
                        new UsageRow(TUESDAY, "chem", 2, 0, 48 * HOUR, 0, 0, 0, 0, 0, 1000)),
                List.of(new UsageGap("gpu-r07-n03", MONDAY, MONDAY + 6 * 3_600_000L, "agent unreachable")));
    }

    @Test
    void aRowsHoursAndPflopsHours() {
        var hours = ShowbackHours.of(answer().rows().getFirst());
        assertThat(hours.busy()).isEqualTo(80.0);
        assertThat(hours.heldIdle()).isEqualTo(48.0);
        assertThat(hours.allocated()).isEqualTo(128.0);
        assertThat(hours.unknown()).isEqualTo(16.0);
        assertThat(hours.uncovered()).isEqualTo(48.0);
        assertThat(hours.total()).isEqualTo(8 * 24.0);
        // 7912 TFLOPS over 8 GPUs is 0.989 PFLOPS a GPU.
        assertThat(hours.busyPflops()).isCloseTo(79.12, within(1e-9));
        assertThat(hours.heldIdlePflops()).isCloseTo(47.472, within(1e-9));
        assertThat(hours.allocatedPflops()).isCloseTo(126.592, within(1e-9));
        assertThat(hours.heldIdleShare()).isCloseTo(48.0 / 128, within(1e-12));
        assertThat(hours.pflopsKnown()).isTrue();
    }

    @Test
    void unknownPeakIsNotZeroPflops() {
        var nobody = ShowbackHours.of(answer().rows().get(1));
        assertThat(nobody.pflopsKnown()).isFalse();
        assertThat(nobody.gpuHoursWithoutPeak()).isEqualTo(96.0);
        // Nothing allocated: no share, not 0 %.
        assertThat(nobody.heldIdleShare()).isNaN();
    }

    @Test
    void byTenantOverTheRangeSortedByHeldIdleThenAllocated() {
        var showback = Showback.of(answer(), ShowbackPeriod.DAY);
        var byKey = showback.byKey();
        assertThat(byKey).extracting(ShowbackLine::key).containsExactly("physics", "chem", "");
        var physics = byKey.getFirst().hours();
        assertThat(physics.busy()).isEqualTo(272.0);
        assertThat(physics.heldIdle()).isEqualTo(48.0);
        assertThat(physics.allocated()).isEqualTo(320.0);
        assertThat(physics.heldIdleShare()).isCloseTo(0.15, within(1e-12));
        assertThat(physics.allocatedPflops()).isCloseTo(320 * 0.989, within(1e-9));
        var chem = byKey.get(1).hours();
        assertThat(chem.heldIdleShare()).isEqualTo(1.0);
        assertThat(chem.heldIdlePflops()).isCloseTo(24.0, within(1e-9));
        var total = showback.total();
        assertThat(total.allocated()).isEqualTo(368.0);
        assertThat(total.free()).isEqualTo(96.0);
        assertThat(total.unknown()).isEqualTo(16.0);
        assertThat(total.uncovered()).isEqualTo(48.0);
        assertThat(total.heldIdleShare()).isCloseTo(96.0 / 368, within(1e-12));
    }

    @Test
    void periodsDayWeekMonth() {
        assertThat(Showback.of(answer(), ShowbackPeriod.DAY).lines())
                .extracting(l -> l.periodStartMs() + "/" + l.key())
                .containsExactly(MONDAY + "/physics", MONDAY + "/", TUESDAY + "/chem", TUESDAY + "/physics");
        // Monday 30 November and Tuesday 1 December are one ISO week ...
        assertThat(Showback.of(answer(), ShowbackPeriod.WEEK).lines())
                .extracting(ShowbackLine::periodStartMs)
                .containsOnly(MONDAY)
                .hasSize(3);
        // ... and two months.
        long november = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
        assertThat(Showback.of(answer(), ShowbackPeriod.MONTH).lines())
                .extracting(ShowbackLine::periodStartMs)
                .containsExactly(november, november, TUESDAY, TUESDAY);
    }

    @Test
    void idleShareByDayLeavesUnknownOutOfTheKnown() {
        var days = Showback.of(answer(), ShowbackPeriod.DAY).days();
        assertThat(days).hasSize(2);
        var monday = days.getFirst();
        // Known Monday: 80 busy + 48 held + 96 free = 224 h; 16 unknown + 48 uncovered of 288 h.
        assertThat(monday.heldIdleShare()).isCloseTo(48.0 / 224, within(1e-12));
        assertThat(monday.freeIdleShare()).isCloseTo(96.0 / 224, within(1e-12));
        assertThat(monday.unaccountedShare()).isCloseTo(64.0 / 288, within(1e-12));
        var tuesday = days.get(1);
        assertThat(tuesday.heldIdleShare()).isCloseTo(48.0 / 240, within(1e-12));
        assertThat(tuesday.unaccountedShare()).isZero();
    }

    @Test
    void aDayWithOnlyUncoveredTimeHasNoIdleShare() {
        var query = new UsageQuery(MONDAY, TUESDAY, ShowbackGrouping.POOL);
        var answer = new UsageAnswer(
                query,
                List.of(),
                List.of(new UsageRow(MONDAY, "a100", 1, 0, 0, 0, 0, 0, 0, 24 * HOUR, 312)),
                List.of());
        var day = Showback.of(answer, ShowbackPeriod.DAY).days().getFirst();
        assertThat(day.heldIdleShare()).isNaN();
        assertThat(day.freeIdleShare()).isNaN();
        assertThat(day.unaccountedShare()).isEqualTo(1.0);
    }
}
