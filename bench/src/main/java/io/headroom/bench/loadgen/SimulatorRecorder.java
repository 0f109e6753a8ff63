package io.headroom.bench.loadgen;

import io.headroom.agent.simulator.FleetShape;
import io.headroom.agent.simulator.FleetSimulator;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.protocol.v1.TelemetryBatch;
import io.headroom.wire.InventoryCodec;
import io.headroom.wire.TelemetryEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Records rounds of real batches from the fleet simulator, as the streaming benchmark's agents
 * would send them: the same shape, seeds and host prefixes ({@code simK-}, seed + K), the
 * simulator run up from half an hour before its first round as an agent warms up, and each
 * round cut into batches of a number of nodes with the round's rack samples in its first batch.
 */
final class SimulatorRecorder {

    /** As SimulatorAgent: the model runs up over half an hour in minute steps so idle history exists. */
    private static final long WARM_UP_MILLIS = 30 * 60_000L;

    private static final long WARM_UP_STEP_MILLIS = 60_000L;
    private static final int INTERVAL_MILLIS = 1000;

    private final int nodesPerBatch;
    private final int rounds;
    private final long firstRoundMillis;

    /**
     * @param nodesPerBatch    nodes in each batch (the agent cuts 256)
     * @param rounds           rounds of samples to keep
     * @param firstRoundMillis the simulated time of the first round (whole seconds)
     */
    SimulatorRecorder(int nodesPerBatch, int rounds, long firstRoundMillis) {
        if (nodesPerBatch < 1 || rounds < 1) {
            throw new IllegalArgumentException(
                    "need at least 1 node per batch and 1 round, was " + nodesPerBatch + " and " + rounds);
        }
        this.nodesPerBatch = nodesPerBatch;
        this.rounds = rounds;
        this.firstRoundMillis = firstRoundMillis / INTERVAL_MILLIS * INTERVAL_MILLIS;
    }

    /** {@code gpus} shared by {@code agents} agents, each recorded in turn (agent k: seed + k, prefix simK-). */
    List<RecordedAgent> record(int gpus, int agents, long seed) {
        int perAgent = Math.ceilDiv(gpus, agents);
        List<RecordedAgent> recorded = new ArrayList<>();
        for (int k = 1; k <= agents; k++) {
            recorded.add(recordAgent("agent-" + k, FleetShape.forGpus(perAgent), seed + k, "sim" + k + "-"));
        }
        return recorded;
    }

    RecordedAgent recordAgent(String name, FleetShape shape, long seed, String hostPrefix) {
        long start = firstRoundMillis - WARM_UP_MILLIS;
        var simulator = new FleetSimulator(shape, seed, start, INTERVAL_MILLIS, hostPrefix);
        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        var inventory = simulator.inventory();
        fleet.install(inventory);
        FleetTelemetry telemetry = fleet.current();
        for (long t = start; t < firstRoundMillis; t += WARM_UP_STEP_MILLIS) {
            simulator.tick(t, telemetry);
        }
        FleetLayout layout = telemetry.layout();
        long[] lastSent = new long[layout.nodeCount()];
        long[] lastRackSent = new long[layout.rackCount()];
        for (int n = 0; n < layout.nodeCount(); n++) {
            lastSent[n] = telemetry.nodeSampleTime(n);
        }
        for (int r = 0; r < layout.rackCount(); r++) {
            lastRackSent[r] = telemetry.rackSampleTime(r);
        }
        List<RecordedBatch> batches = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            long time = firstRoundMillis + (long) round * INTERVAL_MILLIS;
            simulator.tick(time, telemetry);
            cut(telemetry, inventory.version(), lastSent, lastRackSent, batches);
        }
        if (simulator.inventory().version() != inventory.version()) {
            throw new IllegalStateException(name + ": the simulated inventory changed while recording");
        }
        return new RecordedAgent(name, InventoryCodec.toProto(inventory), rounds, batches);
    }

    /** One round cut into batches the way the agent's publisher cuts it: only what is new since the last round. */
    private void cut(
            FleetTelemetry telemetry,
            long inventoryVersion,
            long[] lastSent,
            long[] lastRackSent,
            List<RecordedBatch> into) {
        FleetLayout layout = telemetry.layout();
        var batch = TelemetryBatch.newBuilder().setInventoryVersion(inventoryVersion);
        for (int rack = 0; rack < layout.rackCount(); rack++) {
            long sampled = telemetry.rackSampleTime(rack);
            if (sampled > lastRackSent[rack]) {
                lastRackSent[rack] = sampled;
                batch.addRacks(TelemetryEncoder.rack(telemetry, rack));
            }
        }
        for (int node = 0; node < layout.nodeCount(); node++) {
            long sampled = telemetry.nodeSampleTime(node);
            if (sampled <= lastSent[node]) {
                continue;
            }
            lastSent[node] = sampled;
            batch.addNodes(TelemetryEncoder.node(telemetry, node));
            if (batch.getNodesCount() == nodesPerBatch) {
                into.add(TimeOffsets.scan(batch.build().toByteArray()));
                batch = TelemetryBatch.newBuilder().setInventoryVersion(inventoryVersion);
            }
        }
        if (batch.getNodesCount() > 0 || batch.getRacksCount() > 0) {
            into.add(TimeOffsets.scan(batch.build().toByteArray()));
        }
    }
}
