package io.headroom.bench.loadgen;

import io.headroom.agent.simulator.FleetShape;
import io.headroom.agent.simulator.FleetSimulator;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.protocol.v1.TelemetryBatch;
import io.headroom.wire.InventoryCodec;
import io.headroom.wire.RoundCutter;
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
        var cutter = new RoundCutter(telemetry.layout());
        cutter.markSent(telemetry);
        List<RecordedBatch> batches = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            long time = firstRoundMillis + (long) round * INTERVAL_MILLIS;
            simulator.tick(time, telemetry);
            // Cut the way the agent's publisher cuts a round: only what is new since the last round.
            TelemetryBatch.Builder last = cutter.cut(
                    telemetry,
                    nodesPerBatch,
                    () -> TelemetryBatch.newBuilder().setInventoryVersion(inventory.version()),
                    full -> batches.add(TimeOffsets.scan(full.build().toByteArray())));
            if (last.getNodesCount() > 0 || last.getRacksCount() > 0) {
                batches.add(TimeOffsets.scan(last.build().toByteArray()));
            }
        }
        if (simulator.inventory().version() != inventory.version()) {
            throw new IllegalStateException(name + ": the simulated inventory changed while recording");
        }
        return new RecordedAgent(name, InventoryCodec.toProto(inventory), rounds, batches);
    }
}
