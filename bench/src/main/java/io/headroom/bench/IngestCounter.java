package io.headroom.bench;

import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;

/**
 * Samples written into the fleet state since this counter was made. The state's table is
 * replaced whenever the merged inventory changes, and each table counts only its own writes,
 * so the counter follows the swaps. A writer still holding the old table when it is noticed
 * may add a batch there that is not counted. Used from one thread.
 */
final class IngestCounter {

    private final long startCount;
    private FleetTelemetry table;
    private long settled;
    private long lastSeen;
    private long swaps;

    IngestCounter(FleetState state) {
        table = state.current();
        startCount = table.samplesWritten();
        lastSeen = startCount;
    }

    /** Call often (about once a second). */
    void follow(FleetState state) {
        FleetTelemetry current = state.current();
        if (current != table) {
            settled += table.samplesWritten();
            swaps++;
            table = current;
        }
        lastSeen = current.samplesWritten();
    }

    long total() {
        return settled + lastSeen - startCount;
    }

    /** How many times the table was replaced. */
    long swaps() {
        return swaps;
    }
}
