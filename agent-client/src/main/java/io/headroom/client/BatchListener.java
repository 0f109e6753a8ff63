package io.headroom.client;

import io.headroom.wire.AgentEndpoint;

/**
 * Told of every telemetry batch, on the gRPC thread of its stream: a relay forwards it, a
 * benchmark measures how late it is. Must not block.
 */
@FunctionalInterface
public interface BatchListener {

    BatchListener NONE = (from, batch, landedMillis) -> {};

    /**
     * The batch has arrived and passed the stream's checks but is not yet written into the
     * fleet state: a relay forwards it here, so that its own bookkeeping does not delay the next
     * hop. Nothing by default.
     */
    default void onArrived(AgentEndpoint from, ReceivedBatch batch) {}

    /** The batch has landed in the fleet state. */
    void onBatch(AgentEndpoint from, ReceivedBatch batch, long landedMillis);
}
