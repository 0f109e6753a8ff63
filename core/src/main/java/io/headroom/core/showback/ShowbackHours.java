package io.headroom.core.showback;

/**
 * GPU-hours by state and the PFLOPS-hours they stand for. Allocated is busy plus held idle:
 * what the holders had, used or not. Unknown and uncovered stay apart: they are neither idle
 * nor busy. PFLOPS-hours count only GPUs whose model's peak is known; {@link #pflopsKnown()} is
 * false when none was, and {@link #gpuHoursWithoutPeak()} says how many hours were left out.
 */
public record ShowbackHours(
        double busy,
        double heldIdle,
        double free,
        double drained,
        double faulted,
        double unknown,
        double uncovered,
        double busyPflops,
        double heldIdlePflops,
        double freePflops,
        double gpuHoursWithoutPeak,
        boolean pflopsKnown) {

    public static final ShowbackHours NONE = new ShowbackHours(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false);

    private static final double SECONDS_PER_HOUR = 3600.0;
    private static final double TFLOPS_PER_PFLOPS = 1000.0;

    /** The hours of one row. */
    public static ShowbackHours of(UsageRow row) {
        boolean peakKnown = row.peakTflops() > 0 && row.accelerators() > 0;
        // peak_tflops is the row's accelerators together: one GPU-second is worth peak / accelerators.
        double pflopsPerGpu = peakKnown ? row.peakTflops() / row.accelerators() / TFLOPS_PER_PFLOPS : 0;
        double known = row.busyS() + row.heldIdleS() + row.freeIdleS();
        return new ShowbackHours(
                row.busyS() / SECONDS_PER_HOUR,
                row.heldIdleS() / SECONDS_PER_HOUR,
                row.freeIdleS() / SECONDS_PER_HOUR,
                row.drainedS() / SECONDS_PER_HOUR,
                row.faultedS() / SECONDS_PER_HOUR,
                row.unknownS() / SECONDS_PER_HOUR,
                row.uncoveredS() / SECONDS_PER_HOUR,
                pflopsPerGpu * row.busyS() / SECONDS_PER_HOUR,
                pflopsPerGpu * row.heldIdleS() / SECONDS_PER_HOUR,
                pflopsPerGpu * row.freeIdleS() / SECONDS_PER_HOUR,
                peakKnown ? 0 : known / SECONDS_PER_HOUR,
                peakKnown);
    }

    public ShowbackHours plus(ShowbackHours other) {
        return new ShowbackHours(
                busy + other.busy,
                heldIdle + other.heldIdle,
                free + other.free,
                drained + other.drained,
                faulted + other.faulted,
                unknown + other.unknown,
                uncovered + other.uncovered,
                busyPflops + other.busyPflops,
                heldIdlePflops + other.heldIdlePflops,
                freePflops + other.freePflops,
                gpuHoursWithoutPeak + other.gpuHoursWithoutPeak,
                pflopsKnown || other.pflopsKnown);
    }

    /** Busy plus held idle: the GPUs' time with a holder. */
    public double allocated() {
        return busy + heldIdle;
    }

    public double allocatedPflops() {
        return busyPflops + heldIdlePflops;
    }

    /** Every hour the period had, whatever its state. */
    public double total() {
        return busy + heldIdle + free + drained + faulted + unknown + uncovered;
    }

    /** Held idle over allocated; NaN when nothing was allocated (no share to show, not 0 %). */
    public double heldIdleShare() {
        double allocated = allocated();
        return allocated > 0 ? heldIdle / allocated : Double.NaN;
    }

    /** Held and free idle over the hours whose state is known; NaN when none is. */
    public double idleShareOfKnown() {
        double known = busy + heldIdle + free + drained + faulted;
        return known > 0 ? (heldIdle + free) / known : Double.NaN;
    }

    /** Unknown and uncovered over every hour; 0 when there were none. */
    public double unaccountedShare() {
        double total = total();
        return total > 0 ? (unknown + uncovered) / total : 0;
    }
}
