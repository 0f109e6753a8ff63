package io.headroom.agent.simulator;

/**
 * Shape of the simulated fleet. Default: 4 halls, 40 racks per hall (4 rows x 10), 8 nodes
 * per rack, 8 GPUs per node = 160 racks, 1,280 nodes, 10,240 GPUs.
 */
public record FleetShape(int halls, int racksPerHall, int nodesPerRack, int gpusPerNode) {

    public static final FleetShape DEFAULT = new FleetShape(4, 40, 8, 8);

    /** Racks in a row; a hall's last row may be shorter. */
    public static final int RACKS_PER_ROW = 10;

    // A hall of 40 rows is about as large as one cooling plant serves; beyond that, add halls.
    private static final int MAX_RACKS_PER_HALL = 400;
    private static final int NODES_PER_RACK = 8;
    private static final int GPUS_PER_NODE = 8;

    public FleetShape {
        if (halls < 1 || racksPerHall < 1 || nodesPerRack < 1 || gpusPerNode < 1) {
            throw new IllegalArgumentException("every dimension of a fleet must be at least 1: " + halls + " halls, "
                    + racksPerHall + " racks per hall, " + nodesPerRack + " nodes per rack, " + gpusPerNode
                    + " GPUs per node");
        }
        if ((long) halls * racksPerHall * nodesPerRack * gpusPerNode > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("fleet too large to simulate");
        }
    }

    /**
     * Smallest shape with at least this many GPUs, keeping 8 nodes per rack and 8 GPUs per
     * node, in at least 4 halls when there are that many racks. Whole racks only, so
     * 100,000 GPUs give 1,564 racks in 4 halls: 12,512 nodes, 100,096 GPUs.
     */
    public static FleetShape forGpus(int gpus) {
        if (gpus < 1) {
            throw new IllegalArgumentException("a fleet needs at least one GPU, asked for " + gpus);
        }
        int racks = Math.ceilDiv(Math.ceilDiv(gpus, GPUS_PER_NODE), NODES_PER_RACK);
        int halls = Math.max(Math.min(4, racks), Math.ceilDiv(racks, MAX_RACKS_PER_HALL));
        return new FleetShape(halls, Math.ceilDiv(racks, halls), NODES_PER_RACK, GPUS_PER_NODE);
    }

    public int racks() {
        return halls * racksPerHall;
    }

    public int nodes() {
        return racks() * nodesPerRack;
    }

    public int gpus() {
        return nodes() * gpusPerNode;
    }

    /** Rows in each hall, labelled A, B, C, ... */
    public int rowsPerHall() {
        return Math.ceilDiv(racksPerHall, RACKS_PER_ROW);
    }
}
