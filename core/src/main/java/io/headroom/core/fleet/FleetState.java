package io.headroom.core.fleet;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The whole fleet as the console knows it right now: the current layout and the latest
 * telemetry for it. Writers (agent streams) and readers (the UI, once per frame) share it
 * without locks; see {@link FleetTelemetry} for the rules.
 *
 * <p>When the inventory changes (an agent connects, a node is re-sliced), {@link #install}
 * builds a table for the new layout, carries the known values over and swaps it in. A
 * writer still holding the old table loses at most the batch it was writing; the next one
 * lands in the new table.
 */
public final class FleetState {

    private final IdleThresholds thresholds;
    private final AtomicLong version = new AtomicLong();
    private volatile FleetTelemetry current;

    public FleetState(IdleThresholds thresholds) {
        this.thresholds = thresholds;
        this.current = new FleetTelemetry(new FleetLayout(Inventory.EMPTY), thresholds.idleBelowPct(), version);
    }

    public IdleThresholds thresholds() {
        return thresholds;
    }

    /** The table to read from or write into; fetch it once per batch or frame, not per value. */
    public FleetTelemetry current() {
        return current;
    }

    public FleetLayout layout() {
        return current.layout();
    }

    /** Switches to a new inventory, keeping what is known about the accelerators in both. */
    public synchronized FleetTelemetry install(Inventory inventory) {
        FleetTelemetry next = new FleetTelemetry(new FleetLayout(inventory), thresholds.idleBelowPct(), version);
        current.copyInto(next);
        current = next;
        version.incrementAndGet();
        return next;
    }
}
