package io.headroom.wire;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.protocol.v1.TelemetryBatch;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How an agent cuts a round of its fleet's telemetry into batches: only the racks and nodes whose
 * sample is newer than what the last round sent, the racks in the round's first batch, at most
 * {@code nodesPerBatch} nodes a batch. The agent's publisher and the benchmarks' recordings cut
 * the same way through this one class.
 */
public final class RoundCutter {

    private final long[] lastSent;
    private final long[] lastRackSent;

    /** Nothing sent yet: the first round sends every node and rack that has a sample. */
    public RoundCutter(FleetLayout layout) {
        this.lastSent = new long[layout.nodeCount()];
        this.lastRackSent = new long[layout.rackCount()];
    }

    /** Counts every sample the telemetry holds now as sent: the next round sends only newer ones. */
    public void markSent(FleetTelemetry telemetry) {
        for (int n = 0; n < lastSent.length; n++) {
            lastSent[n] = telemetry.nodeSampleTime(n);
        }
        for (int r = 0; r < lastRackSent.length; r++) {
            lastRackSent[r] = telemetry.rackSampleTime(r);
        }
    }

    /**
     * Cuts what is new since the last round.
     *
     * @param fresh a new batch with the caller's own fields set (versions, time)
     * @param full  takes each batch as soon as it holds {@code nodesPerBatch} nodes, so the first
     *              are on their way while the rest are still being encoded
     * @return the round's last batch, not handed to {@code full}: possibly empty
     */
    public TelemetryBatch.Builder cut(
            FleetTelemetry telemetry,
            int nodesPerBatch,
            Supplier<TelemetryBatch.Builder> fresh,
            Consumer<TelemetryBatch.Builder> full) {
        TelemetryBatch.Builder batch = fresh.get();
        for (int rack = 0; rack < lastRackSent.length; rack++) {
            long sampled = telemetry.rackSampleTime(rack);
            if (sampled > lastRackSent[rack]) {
                lastRackSent[rack] = sampled;
                batch.addRacks(TelemetryEncoder.rack(telemetry, rack));
            }
        }
        for (int node = 0; node < lastSent.length; node++) {
            long sampled = telemetry.nodeSampleTime(node);
            if (sampled <= lastSent[node]) {
                continue;
            }
            lastSent[node] = sampled;
            batch.addNodes(TelemetryEncoder.node(telemetry, node));
            if (batch.getNodesCount() == nodesPerBatch) {
                full.accept(batch);
                batch = fresh.get();
            }
        }
        return batch;
    }
}
