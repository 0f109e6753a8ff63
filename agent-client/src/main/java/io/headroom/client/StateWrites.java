package io.headroom.client;

import io.headroom.core.fleet.FleetState;
import io.headroom.wire.TelemetryDecoder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * When a client's connections write the batches they receive into its fleet state.
 *
 * <ul>
 *   <li>{@link #onArrival()}: each batch as it comes, on its stream's thread (the console, which
 *       paints them).
 *   <li>{@link #deferred(Duration)}: held, and written when someone reads the state
 *       ({@link #catchUp()}) or at the latest {@code maxDelay} after the oldest held batch, on
 *       the next batch's thread. A batch that covers the same nodes and racks as a held one
 *       replaces it unwritten, since its samples would overwrite every one of the older's. A
 *       relay, whose state only its snapshots, alerts and inventory read, writes about one
 *       round in {@code maxDelay} instead of every round.
 * </ul>
 *
 * <p>With deferred writes the listener's {@code onBatch} is told when a batch is held, not when
 * it lands; a reader of the state calls {@link #catchUp()} first.
 */
public final class StateWrites {

    private final Duration maxDelay; // null: on arrival
    private final LongSupplier nanoClock;
    private final List<PendingWrites> connections = new CopyOnWriteArrayList<>();
    private final LongAdder replaced = new LongAdder();

    private StateWrites(Duration maxDelay, LongSupplier nanoClock) {
        this.maxDelay = maxDelay;
        this.nanoClock = nanoClock;
    }

    public static StateWrites onArrival() {
        return new StateWrites(null, System::nanoTime);
    }

    /** @param maxDelay how long a batch may be held at most; positive */
    public static StateWrites deferred(Duration maxDelay) {
        return deferred(maxDelay, System::nanoTime);
    }

    /** @param nanoClock {@link System#nanoTime()} but for tests */
    static StateWrites deferred(Duration maxDelay, LongSupplier nanoClock) {
        if (maxDelay.isNegative() || maxDelay.isZero()) {
            throw new IllegalArgumentException("a deferral needs a positive delay, was " + maxDelay);
        }
        return new StateWrites(maxDelay, nanoClock);
    }

    /** Writes every held batch of every connection into the state now, in the order they came. */
    public void catchUp() {
        for (PendingWrites connection : connections) {
            connection.catchUp();
        }
    }

    /** Batches replaced by a newer one for the same nodes before they were written. */
    public long replacedBatches() {
        return replaced.sum();
    }

    /** The writer for one connection; registered for {@link #catchUp()} until it is closed. */
    PendingWrites forConnection(String source, TelemetryDecoder decoder, FleetState fleet) {
        var writes = new PendingWrites(source, decoder, fleet, maxDelay, nanoClock, replaced, connections::remove);
        if (maxDelay != null) {
            connections.add(writes);
        }
        return writes;
    }
}
