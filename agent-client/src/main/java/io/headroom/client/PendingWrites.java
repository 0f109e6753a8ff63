package io.headroom.client;

import io.headroom.core.fleet.FleetState;
import io.headroom.wire.MalformedTelemetryException;
import io.headroom.wire.TelemetryDecoder;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's batches on their way into the fleet state (see {@link StateWrites}): written
 * at once, or held by what they cover, a newer batch for the same nodes and racks replacing the
 * held one and moving behind the others. Written in the order kept, the newest sample of every
 * node lands last: for any node, the newest batch that has it is held (it was replaced by
 * nothing) and every batch held after it came later, so it does not have that node.
 */
final class PendingWrites {

    /** Held at most, whatever the delay: a stream whose batches never cover the same nodes twice. */
    private static final int MAX_HELD_BYTES = 64 << 20;

    private static final Logger log = LoggerFactory.getLogger(PendingWrites.class);

    private final String source;
    private final TelemetryDecoder decoder;
    private final FleetState fleet;
    private final long maxDelayNanos; // -1: on arrival
    private final LongSupplier nanoClock;
    private final LongAdder replaced;
    private final Consumer<PendingWrites> onClose;
    private final LinkedHashMap<Long, byte[]> held = new LinkedHashMap<>();
    private long heldBytes;
    private long oldestHeldNanos;

    PendingWrites(
            String source,
            TelemetryDecoder decoder,
            FleetState fleet,
            Duration maxDelay,
            LongSupplier nanoClock,
            LongAdder replaced,
            Consumer<PendingWrites> onClose) {
        this.source = source;
        this.decoder = decoder;
        this.fleet = fleet;
        this.maxDelayNanos = maxDelay == null ? -1 : maxDelay.toNanos();
        this.nanoClock = nanoClock;
        this.replaced = replaced;
        this.onClose = onClose;
    }

    /**
     * Takes one batch; on arrival, writes it now.
     *
     * @throws MalformedTelemetryException when the decoder refuses it (on arrival), or when what
     *     it covers cannot be read (deferred)
     */
    synchronized void take(ReceivedBatch batch) {
        byte[] bytes = batch.bytes();
        if (maxDelayNanos < 0) {
            decoder.write(bytes, fleet.current());
            return;
        }
        long key = batch.coverage().key();
        long now = nanoClock.getAsLong();
        if (held.isEmpty()) {
            oldestHeldNanos = now;
        }
        byte[] older = held.remove(key);
        if (older != null) {
            heldBytes -= older.length;
            replaced.increment();
        }
        held.put(key, bytes);
        heldBytes += bytes.length;
        if (now - oldestHeldNanos >= maxDelayNanos || heldBytes > MAX_HELD_BYTES) {
            catchUp();
        }
    }

    /**
     * Writes what is held, in order. A batch the decoder refuses loses only what follows its
     * break (it was forwarded as it came before it was held); the others are still written.
     */
    synchronized void catchUp() {
        for (Iterator<byte[]> batches = held.values().iterator(); batches.hasNext(); ) {
            byte[] bytes = batches.next();
            batches.remove();
            try {
                decoder.write(bytes, fleet.current());
            } catch (MalformedTelemetryException e) {
                log.warn(
                        "{}: a held batch of {} bytes does not decode, skipped: {}",
                        source,
                        bytes.length,
                        e.getMessage());
            }
        }
        heldBytes = 0;
    }

    /** Writes what is held and stops being caught up with the others. */
    void close() {
        catchUp();
        onClose.accept(this);
    }
}
