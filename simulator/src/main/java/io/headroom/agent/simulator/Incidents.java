package io.headroom.agent.simulator;

import java.util.Arrays;

/**
 * Trouble that is not a GPU's own: agents that go silent (a whole rack behind a failed
 * switch, or one crashed agent) and racks running hot (a cooling unit struggling).
 *
 * <p>Each is a pure function of the minute: time is cut into epochs, and a hash of
 * (seed, epoch) says which racks or nodes are hit, when and for how long. So the same
 * minute looks the same however the simulator got there.
 */
final class Incidents {

    private static final int SILENT_RACK_EPOCH = 180;
    private static final int SILENT_NODE_EPOCH = 60;
    private static final int HOT_RACK_EPOCH = 360;
    private static final int HOT_RAMP_MINUTES = 12;
    private static final long SILENT_RACK = 0x7369_6C72L;
    private static final long SILENT_NODE = 0x7369_6C6EL;
    private static final long HOT_RACK = 0x686F_7472L;

    private final long seed;
    private final FleetTopology topology;
    // Per 160 racks (the default fleet): one silent rack every 3 hours, one silent node an hour, 1.5 hot racks per 6
    // hours.
    private final double silentRacksPerEpoch;
    private final double silentNodesPerEpoch;
    private final double hotRacksPerEpoch;

    Incidents(long seed, FleetTopology topology) {
        this.seed = seed;
        this.topology = topology;
        double scale = topology.rackCount() / 160.0;
        silentRacksPerEpoch = scale;
        silentNodesPerEpoch = scale;
        hotRacksPerEpoch = 1.5 * scale;
    }

    /** Marks the nodes whose agents are silent and each rack's extra inlet heat at this minute. */
    void apply(int minute, boolean[] nodeSilent, float[] rackHeatC) {
        Arrays.fill(nodeSilent, false);
        Arrays.fill(rackHeatC, 0f);
        int racks = topology.rackCount();
        int nodesPerRack = topology.shape.nodesPerRack();

        int epoch = Math.floorDiv(minute, SILENT_RACK_EPOCH);
        for (int i = episodes(SILENT_RACK, epoch, silentRacksPerEpoch) - 1; i >= 0; i--) {
            long h = SimHash.hash(seed, SILENT_RACK, epoch, i);
            if (active(h, epoch, SILENT_RACK_EPOCH, minute, 6, 25) >= 0) {
                int first = topology.firstNodeOfRack(SimHash.below(h, racks));
                Arrays.fill(nodeSilent, first, first + nodesPerRack, true);
            }
        }

        epoch = Math.floorDiv(minute, SILENT_NODE_EPOCH);
        for (int i = episodes(SILENT_NODE, epoch, silentNodesPerEpoch) - 1; i >= 0; i--) {
            long h = SimHash.hash(seed, SILENT_NODE, epoch, i);
            if (active(h, epoch, SILENT_NODE_EPOCH, minute, 4, 40) >= 0) {
                nodeSilent[SimHash.below(h, topology.nodeCount())] = true;
            }
        }

        epoch = Math.floorDiv(minute, HOT_RACK_EPOCH);
        for (int i = episodes(HOT_RACK, epoch, hotRacksPerEpoch) - 1; i >= 0; i--) {
            long h = SimHash.hash(seed, HOT_RACK, epoch, i);
            int duration = duration(h, 40, 160);
            int elapsed = active(h, epoch, HOT_RACK_EPOCH, minute, 40, 160);
            if (elapsed >= 0) {
                float peak = 6f + 7f * SimHash.lane(h, 3);
                float ramp = Math.min(1f, Math.min(elapsed + 1, duration - elapsed) / (float) HOT_RAMP_MINUTES);
                int rack = SimHash.below(h, racks);
                rackHeatC[rack] = Math.max(rackHeatC[rack], peak * ramp);
            }
        }
    }

    /** How many incidents of a kind start in an epoch: the whole part of the expectation, plus one by chance. */
    private int episodes(long kind, int epoch, double expected) {
        int whole = (int) expected;
        return whole + (SimHash.unit(SimHash.hash(seed, kind, epoch, -1)) < expected - whole ? 1 : 0);
    }

    /** Minutes since the incident began if it is under way at {@code minute}, else -1. */
    private static int active(long h, int epoch, int epochMinutes, int minute, int minDuration, int maxDuration) {
        int duration = duration(h, minDuration, maxDuration);
        int start = epoch * epochMinutes + (int) ((h >>> 40) % (epochMinutes - duration + 1));
        int elapsed = minute - start;
        return elapsed >= 0 && elapsed < duration ? elapsed : -1;
    }

    private static int duration(long h, int min, int max) {
        return min + (int) ((h >>> 20 & 0xFFFFF) % (max - min + 1));
    }
}
