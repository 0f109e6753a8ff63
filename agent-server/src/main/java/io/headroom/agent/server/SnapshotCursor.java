package io.headroom.agent.server;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.protocol.v1.TelemetryBatch;
import io.headroom.wire.TelemetryEncoder;

/**
 * Walks a fleet's latest values node by node and hands them out as snapshot batches, one at
 * a time, so a snapshot of 12,500 nodes is encoded only as fast as the client takes it.
 */
final class SnapshotCursor {

    private final FleetTelemetry telemetry;
    private final long sequence;
    private final long inventoryVersion;
    private final long workloadVersion;
    private long missedBatches;
    private long coalescedSamples;
    private int node;
    private boolean racksSent;

    SnapshotCursor(
            FleetTelemetry telemetry, long sequence, long missedBatches, long coalescedSamples, long workloadVersion) {
        this.telemetry = telemetry;
        this.workloadVersion = workloadVersion;
        this.sequence = sequence;
        this.inventoryVersion = telemetry.layout().inventory().version();
        this.missedBatches = missedBatches;
        this.coalescedSamples = coalescedSamples;
    }

    /** The newest batch the snapshot covers; the stream continues after it. */
    long sequence() {
        return sequence;
    }

    boolean hasNext() {
        return !racksSent || nextReportingNode(node) < telemetry.layout().nodeCount();
    }

    TelemetryBatch next(String epoch, long serverTimeMillis) {
        FleetLayout layout = telemetry.layout();
        var batch = TelemetryBatch.newBuilder()
                .setEpoch(epoch)
                .setSequence(sequence)
                .setSnapshot(true)
                .setServerTimeMs(serverTimeMillis)
                .setInventoryVersion(inventoryVersion)
                .setWorkloadVersion(workloadVersion)
                .setMissedBatches(missedBatches)
                .setCoalescedSamples(coalescedSamples);
        missedBatches = 0;
        coalescedSamples = 0;
        if (!racksSent) {
            for (int rack = 0; rack < layout.rackCount(); rack++) {
                if (telemetry.rackSampleTime(rack) > 0) {
                    batch.addRacks(TelemetryEncoder.rack(telemetry, rack));
                }
            }
            racksSent = true;
        }
        while (batch.getNodesCount() < TelemetryPublisher.NODES_PER_BATCH) {
            node = nextReportingNode(node);
            if (node >= layout.nodeCount()) {
                break;
            }
            batch.addNodes(TelemetryEncoder.node(telemetry, node));
            node++;
        }
        return batch.build();
    }

    private int nextReportingNode(int from) {
        int n = from;
        while (n < telemetry.layout().nodeCount() && telemetry.nodeSampleTime(n) == 0) {
            n++;
        }
        return n;
    }
}
