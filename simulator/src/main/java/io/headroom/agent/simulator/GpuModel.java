package io.headroom.agent.simulator;

import io.headroom.core.fleet.Vendor;

/**
 * The GPU models of the simulated fleet, with what nvidia-smi reports for them and what a
 * rack of them needs. Racks are homogeneous: a site buys and installs hardware by the rack.
 */
enum GpuModel {
    H100("NVIDIA H100 80GB HBM3", 81559, 700, 72, 1980, 345, 48, 85, true, true, 0.40, 57, 5, 1.1),
    H200("NVIDIA H200", 143771, 700, 78, 1980, 345, 50, 85, true, true, 0.20, 57, 5, 1.1),
    A100("NVIDIA A100-SXM4-80GB", 81920, 400, 60, 1410, 210, 46, 85, true, true, 0.25, 40, 5, 1.0),
    L40S("NVIDIA L40S", 46068, 350, 38, 2520, 210, 52, 88, false, false, 0.15, 35, 4, 0.9),
    // The domestic parts of a mixed site (SiteMix.MIXED); none in an NVIDIA site. Names as their tools print them,
    // idle power from the captures (npu-smi -t power: 103.5 W; hy-smi: about 90 W; cnmon: 106 W a card of two chips).
    ASCEND_910B("Ascend 910B3", 65536, 400, 100, 1800, 800, 45, 95, false, true, 0, 45, 4, 1.0),
    K100_AI("Hygon K100_AI", 65536, 400, 90, 1500, 300, 45, 95, false, false, 0, 40, 4, 1.0),
    MLU370_X8("MLU370-X8", 23374, 125, 53, 1300, 400, 40, 95, false, false, 0, 25, 4, 0.9),
    R300("R300", 32768, 150, 30, 1300, 400, 40, 95, false, false, 0, 25, 4, 0.9);

    /** Share of the racks of a mixed site's halls other than its Ascend hall, by model. */
    private static final java.util.Map<GpuModel, Double> MIXED_SHARES = java.util.Map.of(
            H100, 0.30, H200, 0.15, A100, 0.18, L40S, 0.12, K100_AI, 0.10, MLU370_X8, 0.10, R300, 0.05);

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
    final Vendor vendor;
    /** A training part (NVLink/HCCS-class interconnect): its racks go mostly to training. */
    final boolean trainingPart;

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
     * @param migCapable     A100, H100 and H200 can be partitioned; L40S cannot (Ascend cuts into vNPUs instead)
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
        this.vendor = switch (name()) {
            case "ASCEND_910B" -> Vendor.HUAWEI;
            case "K100_AI" -> Vendor.HYGON;
            case "MLU370_X8" -> Vendor.CAMBRICON;
            case "R300" -> Vendor.KUNLUNXIN;
            default -> Vendor.NVIDIA;
        };
        this.trainingPart = migCapable || vendor == Vendor.HUAWEI || vendor == Vendor.HYGON;
    }

    /** The model's share of the racks outside a mixed site's Ascend hall. */
    double mixedShare() {
        return MIXED_SHARES.getOrDefault(this, 0.0);
    }
}
