package io.headroom.agent.simulator;

/**
 * The GPU models of the simulated fleet, with what nvidia-smi reports for them and what a
 * rack of them needs. Racks are homogeneous: a site buys and installs hardware by the rack.
 */
enum GpuModel {
    H100("NVIDIA H100 80GB HBM3", 81559, 700, 72, 1980, 345, 48, 85, true, true, 0.40, 57, 5, 1.1),
    H200("NVIDIA H200", 143771, 700, 78, 1980, 345, 50, 85, true, true, 0.20, 57, 5, 1.1),
    A100("NVIDIA A100-SXM4-80GB", 81920, 400, 60, 1410, 210, 46, 85, true, true, 0.25, 40, 5, 1.0),
    L40S("NVIDIA L40S", 46068, 350, 38, 2520, 210, 52, 88, false, false, 0.15, 35, 4, 0.9);

    final String modelName;
    final long memoryMib;
    final float powerLimitW;
    final float idleW;
    final float maxSmClockMhz;
    final float idleSmClockMhz;
    final float riseAtLimitC;
    final float slowdownC;
    final boolean migCapable;
    final boolean memoryTempKnown;
    final double rackShare;
    final double rackBudgetKw;
    final int chassisU;
    final float nodeOverheadKw;

    /**
     * What nvidia-smi reports for one model and what a rack of them needs.
     *
     * @param modelName      as nvidia-smi prints {@code name}
     * @param memoryMib      {@code memory.total}
     * @param powerLimitW    {@code power.limit} at the default setting
     * @param idleW          drawn with no context and nothing running
     * @param maxSmClockMhz  boost clock under load
     * @param idleSmClockMhz clock in the lowest performance state
     * @param riseAtLimitC   how far above the rack inlet the die runs at the power limit
     * @param slowdownC      where the driver starts its software thermal slowdown
     * @param migCapable     A100, H100 and H200 can be partitioned; L40S cannot
     * @param memoryTempKnown HBM reports its temperature; the L40S's GDDR6 does not (nvidia-smi prints N/A)
     * @param rackShare      share of the fleet's racks
     * @param rackBudgetKw   what a rack of these is provisioned for
     * @param chassisU       height of one 8-GPU server
     * @param nodeOverheadKw CPUs, fans, NICs and switches of one server at rest
     */
    GpuModel(
            String modelName,
            long memoryMib,
            float powerLimitW,
            float idleW,
            float maxSmClockMhz,
            float idleSmClockMhz,
            float riseAtLimitC,
            float slowdownC,
            boolean migCapable,
            boolean memoryTempKnown,
            double rackShare,
            double rackBudgetKw,
            int chassisU,
            double nodeOverheadKw) {
        this.modelName = modelName;
        this.memoryMib = memoryMib;
        this.powerLimitW = powerLimitW;
        this.idleW = idleW;
        this.maxSmClockMhz = maxSmClockMhz;
        this.idleSmClockMhz = idleSmClockMhz;
        this.riseAtLimitC = riseAtLimitC;
        this.slowdownC = slowdownC;
        this.migCapable = migCapable;
        this.memoryTempKnown = memoryTempKnown;
        this.rackShare = rackShare;
        this.rackBudgetKw = rackBudgetKw;
        this.chassisU = chassisU;
        this.nodeOverheadKw = (float) nodeOverheadKw;
    }
}
