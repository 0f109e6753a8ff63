package io.headroom.client;

import io.headroom.protocol.v1.TelemetryBatch;
import io.headroom.wire.AgentEndpoint;

/**
 * Told of every telemetry batch after it has landed in the fleet state, on the gRPC thread
 * of its stream: a relay forwards it, a benchmark measures how late it is. Must not block.
 */
@FunctionalInterface
public interface BatchListener {

    BatchListener NONE = (from, batch, landedMillis) -> {};

    void onBatch(AgentEndpoint from, TelemetryBatch batch, long landedMillis);
}
